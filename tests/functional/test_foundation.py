"""The foundation: health, auth, vacancies and applicants through the test client."""

from __future__ import annotations

import json

import pytest

from tests.support import applicant, vacancy


def test_health_answers_ok_without_a_token(api):
    response = api.get("/health", auth=False)
    assert response.status == 200
    assert response.json == {"status": "ok"}


@pytest.mark.parametrize(
    "authorization",
    [None, "Basic abc", "Bearer", "Bearer not-a-jwt"],
    ids=["missing", "wrong scheme", "empty", "malformed"],
)
def test_recruiter_routes_need_a_valid_token(api, authorization):
    headers = {"authorization": authorization} if authorization else {}
    response = api.request("GET", "/vacancies", auth=False, headers=headers)
    assert response.status == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json["status"] == 401


def test_an_expired_token_is_refused(api):
    from datetime import timedelta

    from chalicelib.api.auth import default_dev_claims, dev_token

    expired = dev_token(default_dev_claims(org="acme"), api.now - timedelta(days=60))
    response = api.get("/vacancies", auth=False, headers={"authorization": f"Bearer {expired}"})
    assert response.status == 401
    assert "expired" in response.json["detail"]


def test_a_token_signed_with_another_key_is_refused(api):
    import jwt

    forged = jwt.encode(
        {"sub": "x", "org": "acme", "exp": 4102444800}, "another-key-of-thirty-two-bytes!", algorithm="HS256"
    )
    response = api.get("/vacancies", auth=False, headers={"authorization": f"Bearer {forged}"})
    assert response.status == 401


def test_a_vacancy_is_created_and_read_back(api):
    created = vacancy(api, "Nurse", department="Care", location="Bergen")
    assert created["title"] == "Nurse"
    assert created["department"] == "Care"
    assert created["location"] == "Bergen"
    assert created["created_at"].startswith("2026-11-20T09:00")
    assert api.get(f"/vacancies/{created['id']}").json == created


def test_vacancies_are_listed_in_pages_without_gaps_or_duplicates(api):
    made = {vacancy(api, f"Vacancy {n}")["id"] for n in range(5)}
    seen, cursor = [], None
    while True:
        path = "/vacancies?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = api.get(path).json
        assert len(page["items"]) <= 2
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(made)
    assert len(seen) == len(set(seen))


def test_a_cursor_from_another_organisation_is_refused(api):
    for n in range(3):
        vacancy(api, f"Vacancy {n}")
    cursor = api.get("/vacancies?limit=1").json["next_cursor"]
    response = api.as_org("other").get(f"/vacancies?limit=1&cursor={cursor}")
    assert response.status == 422
    assert response.json["errors"][0]["field"] == "cursor"


@pytest.mark.parametrize("limit", ["0", "201", "many"])
def test_a_bad_limit_is_422(api, limit):
    response = api.get(f"/vacancies?limit={limit}")
    assert response.status == 422
    assert response.json["errors"][0]["field"] == "limit"


def test_another_organisations_vacancy_is_not_found(api):
    created = vacancy(api)
    response = api.as_org("other").get(f"/vacancies/{created['id']}")
    assert response.status == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_malformed_json_is_400(api):
    response = api.post("/vacancies", raw_body="{not json")
    assert response.status == 400
    assert response.json["title"] == "Malformed request"


def test_a_non_object_body_is_400(api):
    response = api.post("/vacancies", raw_body=json.dumps(["title"]))
    assert response.status == 400


def test_a_missing_title_is_422_naming_the_field(api):
    response = api.post("/vacancies", {"department": "IT"})
    assert response.status == 422
    assert [error["field"] for error in response.json["errors"]] == ["title"]


def test_an_applicant_is_added_with_a_normalized_mobile(api):
    job = vacancy(api)
    created = applicant(
        api,
        job["id"],
        mobile="+47 912 34 567",
        language="nb",
        application_text="I love code",
        screening_answers={"Driving licence?": "Yes"},
    )
    assert created["mobile"] == "+4791234567"
    assert created["status"] == "received"
    assert created["language"] == "nb"
    assert created["vacancy_id"] == job["id"]
    assert created["screening_answers"] == {"Driving licence?": "Yes"}
    assert created["rating"] is None


def test_a_number_that_cannot_be_a_mobile_is_422(api):
    job = vacancy(api)
    response = api.post(
        f"/vacancies/{job['id']}/applicants",
        {"first_name": "A", "last_name": "B", "email": "a@example.com", "mobile": "12"},
    )
    assert response.status == 422
    assert response.json["errors"][0]["field"] == "mobile"


def test_every_bad_field_of_an_applicant_is_named(api):
    job = vacancy(api)
    response = api.post(
        f"/vacancies/{job['id']}/applicants",
        {"first_name": "", "email": "not-an-email", "language": "de", "colour": "blue"},
    )
    assert response.status == 422
    fields = {error["field"] for error in response.json["errors"]}
    assert fields == {"first_name", "last_name", "email", "language", "colour"}


def test_an_applicant_on_another_organisations_vacancy_is_404(api):
    job = vacancy(api)
    response = api.as_org("other").post(
        f"/vacancies/{job['id']}/applicants", {"first_name": "A", "last_name": "B", "email": "a@example.com"}
    )
    assert response.status == 404


def test_applicants_are_listed_per_vacancy_and_status(api):
    first, second = vacancy(api, "One"), vacancy(api, "Two")
    kari = applicant(api, first["id"], "Kari")
    applicant(api, second["id"], "Ola")
    listed = api.get(f"/vacancies/{first['id']}/applicants").json
    assert [item["id"] for item in listed["items"]] == [kari["id"]]
    assert api.get(f"/vacancies/{first['id']}/applicants?status=received").json["items"][0]["id"] == kari["id"]
    assert api.get(f"/vacancies/{first['id']}/applicants?status=invited").json["items"] == []
    assert len(api.get("/applicants").json["items"]) == 2
    assert api.get("/applicants?status=bogus").status == 422


def test_an_applicant_is_patched_and_the_change_is_in_the_history(api):
    job = vacancy(api)
    created = applicant(api, job["id"])
    response = api.patch(f"/applicants/{created['id']}", {"last_name": "Hansen", "mobile": "+46701234567"})
    assert response.status == 200, response
    assert response.json["last_name"] == "Hansen"
    assert response.json["mobile"] == "+46701234567"
    detail = api.get(f"/applicants/{created['id']}").json
    assert [event["event"] for event in detail["history"]] == ["received", "updated"]
    assert detail["history"][1]["fields"] == ["last_name", "mobile"]
    assert detail["interviews"] == []


def test_status_cannot_be_patched(api):
    job = vacancy(api)
    created = applicant(api, job["id"])
    response = api.patch(f"/applicants/{created['id']}", {"status": "hired"})
    assert response.status == 422
    assert response.json["errors"][0]["field"] == "status"


def test_another_organisations_applicant_is_not_found(api):
    job = vacancy(api)
    created = applicant(api, job["id"])
    other = api.as_org("other")
    assert other.get(f"/applicants/{created['id']}").status == 404
    assert other.patch(f"/applicants/{created['id']}", {"last_name": "X"}).status == 404


def test_openapi_describes_every_route(api):
    document = api.get("/openapi.json", auth=False).json
    assert document["openapi"].startswith("3.1")
    assert "/vacancies/{vacancy_id}/applicants" in document["paths"]
    schema = document["components"]["schemas"]["ApplicantCreate"]
    assert set(schema["required"]) == {"first_name", "last_name", "email"}


def test_null_cannot_clear_a_required_field_and_the_applicant_stays_whole(api):
    job = vacancy(api)
    created = applicant(api, job["id"], mobile="+4791234567")
    for field in ("first_name", "last_name", "email", "language"):
        response = api.patch(f"/applicants/{created['id']}", {field: None})
        assert response.status == 422, field
        assert response.json["errors"][0]["field"] == field
    assert api.patch(f"/applicants/{created['id']}", {"mobile": None}).json["mobile"] is None
    assert api.get(f"/applicants/{created['id']}").status == 200
    assert api.get(f"/vacancies/{job['id']}/applicants").status == 200


@pytest.mark.parametrize("value", ["Kari\r\nBcc: evil@example.com", "Tab\there"])
def test_names_are_one_line(api, value):
    job = vacancy(api)
    response = api.post(
        f"/vacancies/{job['id']}/applicants", {"first_name": "Kari", "last_name": value, "email": "k@example.com"}
    )
    assert response.status == 422
    assert response.json["errors"][0] == {
        "field": "last_name",
        "message": "must be a single line without control characters",
    }
    assert api.post("/vacancies", {"title": "A\nB"}).status == 422


def test_a_deeply_nested_body_is_400_not_500(api):
    assert api.post("/vacancies", raw_body="[" * 100_000).status == 400


def test_too_many_screening_answers_are_refused(api):
    job = vacancy(api)
    answers = {f"Question {n}": "x" * 5_000 for n in range(20)}
    response = api.post(
        f"/vacancies/{job['id']}/applicants",
        {"first_name": "A", "last_name": "B", "email": "a@example.com", "screening_answers": answers},
    )
    assert response.status == 422
    assert response.json["errors"][0]["field"] == "screening_answers"


def test_a_token_is_checked_against_the_requests_own_time(api):
    """The clock is the request's: a token valid at the pinned instant works whatever the machine's date."""
    from datetime import timedelta

    later = api.at(api.now + timedelta(days=29))
    assert later.get("/vacancies").status == 200
    assert api.at(api.now + timedelta(days=31)).get("/vacancies").status == 401
