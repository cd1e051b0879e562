"""Idempotency-Key: a POST that sends or creates, sent again with the same key, gets the first answer again."""

from __future__ import annotations

import uuid

import boto3
import pytest

from tests.support import applicant, vacancy


def keyed(key: str | None = None) -> dict[str, str]:
    return {"idempotency-key": f'"{key or uuid.uuid4()}"'}


def test_the_same_key_and_body_answer_the_first_response_again_and_create_nothing_twice(api):
    # GIVEN a vacancy created with a key
    headers = keyed()
    first = api.post("/vacancies", {"title": "Nurse"}, headers=headers)
    assert first.status == 201 and "idempotent-replayed" not in first.headers
    # WHEN the client sends it again (its connection dropped before the answer came)
    again = api.post("/vacancies", {"title": "Nurse"}, headers=headers)
    # THEN it gets the same answer, marked as replayed, and there is still one vacancy
    assert again.status == 201
    assert again.json == first.json
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["x-correlation-id"] != first.headers["x-correlation-id"]
    assert [item["id"] for item in api.get("/vacancies").json["items"]] == [first.json["id"]]


def test_an_email_is_sent_once_however_often_the_request_is_repeated(api):
    kari = applicant(api, vacancy(api)["id"])
    body = {"applicant_ids": [kari["id"]], "from": "hr@acme.example", "subject": "Hello", "body": "Hello {firstname}"}
    headers = keyed()
    answers = [api.post("/emails", body, headers=headers) for _ in range(3)]
    assert [answer.status for answer in answers] == [200, 200, 200]
    assert answers[2].json == answers[0].json
    assert len(api.outbox()["emails"]) == 1


def test_the_same_key_with_another_body_is_422_and_changes_nothing(api):
    headers = keyed()
    assert api.post("/vacancies", {"title": "Nurse"}, headers=headers).status == 201
    other = api.post("/vacancies", {"title": "Doctor"}, headers=headers)
    assert other.status == 422
    assert other.headers["content-type"] == "application/problem+json"
    assert other.json["errors"] == [{"field": "Idempotency-Key", "message": "already used with another body"}]
    assert [item["title"] for item in api.get("/vacancies").json["items"]] == ["Nurse"]


def test_a_duplicate_arriving_while_the_first_is_still_running_is_409(api, monkeypatch):
    from chalicelib.services import vacancies

    headers = keyed()
    create = vacancies.create
    during: list = []

    def create_while_the_client_retries(*args, **kwargs):
        during.append(api.post("/vacancies", {"title": "Nurse"}, headers=headers))
        return create(*args, **kwargs)

    monkeypatch.setattr(vacancies, "create", create_while_the_client_retries)
    first = api.post("/vacancies", {"title": "Nurse"}, headers=headers)
    assert first.status == 201
    (duplicate,) = during
    assert duplicate.status == 409 and duplicate.headers["content-type"] == "application/problem+json"
    assert len(api.get("/vacancies").json["items"]) == 1


def test_keys_are_per_organisation(api):
    headers = keyed("shared-key")
    ours = api.post("/vacancies", {"title": "Nurse"}, headers=headers)
    theirs = api.as_org("globex").post("/vacancies", {"title": "Nurse"}, headers=headers)
    assert theirs.status == 201 and "idempotent-replayed" not in theirs.headers
    assert theirs.json["id"] != ours.json["id"]
    table = boto3.resource("dynamodb").Table("rendezvous-test-idempotency")
    assert sorted(item["org"] for item in table.scan()["Items"]) == ["acme", "globex"]


def test_a_key_is_bound_to_its_route_and_its_ids(api):
    job = vacancy(api)
    headers = keyed()
    person = {"first_name": "Kari", "last_name": "Nordmann", "email": "kari@example.com"}
    assert api.post(f"/vacancies/{job['id']}/applicants", person, headers=headers).status == 201
    other_job = vacancy(api, "Doctor")
    elsewhere = api.post(f"/vacancies/{other_job['id']}/applicants", person, headers=headers)
    assert elsewhere.status == 201 and "idempotent-replayed" not in elsewhere.headers


def test_a_failure_on_our_side_is_not_kept_and_the_retry_runs(api, monkeypatch):
    from chalicelib.services import vacancies

    create = vacancies.create
    calls: list[int] = []

    def fails_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("DynamoDB was unreachable")
        return create(*args, **kwargs)

    monkeypatch.setattr(vacancies, "create", fails_once)
    headers = keyed()
    assert api.post("/vacancies", {"title": "Nurse"}, headers=headers).status == 500
    retry = api.post("/vacancies", {"title": "Nurse"}, headers=headers)
    assert retry.status == 201 and "idempotent-replayed" not in retry.headers


def test_a_client_error_is_kept_like_any_answer(api):
    headers = keyed()
    first = api.post(
        "/vacancies/vac_unknown/applicants",
        {"first_name": "K", "last_name": "N", "email": "k@example.com"},
        headers=headers,
    )
    again = api.post(
        "/vacancies/vac_unknown/applicants",
        {"first_name": "K", "last_name": "N", "email": "k@example.com"},
        headers=headers,
    )
    assert first.status == again.status == 404
    assert again.headers["idempotent-replayed"] == "true"


@pytest.mark.parametrize("key", ['""', "x" * 300, '"ключ"'])
def test_a_malformed_key_is_400_naming_the_header(api, key):
    response = api.post("/vacancies", {"title": "Nurse"}, headers={"idempotency-key": key})
    assert response.status == 400
    assert response.json["errors"][0]["field"] == "Idempotency-Key"
    assert api.get("/vacancies").json["items"] == []


def test_routes_that_create_nothing_ignore_the_key(api):
    headers = keyed()
    first = api.post("/interviews/preview", {"applicant_ids": ["apl_x"]}, headers=headers)
    again = api.post("/interviews/preview", {"applicant_ids": ["apl_x"]}, headers=headers)
    assert "idempotent-replayed" not in again.headers
    assert first.status == again.status == 422


def test_every_post_that_sends_or_creates_takes_the_key(api):
    paths = api.get("/openapi.json", auth=False).json["paths"]
    keyed_posts = {
        path
        for path, item in paths.items()
        if any(p["name"] == "Idempotency-Key" for p in item.get("post", {}).get("parameters", []))
    }
    assert keyed_posts == {
        "/interviews",
        "/emails",
        "/applicants/actions",
        "/rating-panels",
        "/applicants/{applicant_id}/forward",
        "/applicants/{applicant_id}/contract",
        "/applicants/{applicant_id}/access",
        "/interviews/{interview_id}/resend",
        "/vacancies",
        "/vacancies/{vacancy_id}/applicants",
        "/interview-offers",
        "/interviews/{interview_id}/offer-slots",
    }
