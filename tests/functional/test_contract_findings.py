"""What a fuzzer and a spec validator found in the contract, each fixed where the client sees it."""

from __future__ import annotations

import pytest

from tests.support import applicant, vacancy


def test_the_openapi_document_passes_the_spec_validator(api):
    from openapi_spec_validator import validate

    validate(api.get("/openapi.json", auth=False).json)


def test_a_screening_question_cannot_be_empty_and_nothing_is_stored(api):
    job = vacancy(api)
    body = {"first_name": "Kari", "last_name": "Nordmann", "email": "kari@example.com"}
    response = api.post(f"/vacancies/{job['id']}/applicants", {**body, "screening_answers": {"": "x"}})
    assert response.status == 422, response
    assert response.json["errors"][0]["field"].startswith("screening_answers")
    listed = api.get(f"/vacancies/{job['id']}/applicants")
    assert listed.status == 200 and listed.json["items"] == []
    assert api.get("/applicants").status == 200


@pytest.mark.parametrize("field", ["subject", "body"])
def test_a_null_subject_or_body_is_refused_and_nothing_is_sent(api, field):
    job = vacancy(api)
    kari = applicant(api, job["id"])
    body = {"applicant_ids": [kari["id"]], "from": "hr@acme.example", "subject": "Hello", "body": "Hello {firstname}"}
    response = api.post("/emails", {**body, field: None})
    assert response.status == 422, response
    assert [error["field"] for error in response.json["errors"]] == [field]
    assert api.outbox()["emails"] == []


def test_start_is_wall_clock_time_as_documented(api):
    spec = api.get("/openapi.json", auth=False).json
    start = spec["components"]["schemas"]["InterviewCreate"]["properties"]["start"]
    assert "format" not in start and start["pattern"].startswith("^")
    job = vacancy(api)
    kari = applicant(api, job["id"])
    invite = {
        "applicant_ids": [kari["id"]],
        "type": "phone",
        "start": "2026-12-07T10:00:00+01:00",
        "timezone": "Europe/Oslo",
        "duration_minutes": 30,
        "invitation": {"send_email": False},
    }
    offset = api.post("/interviews/preview", invite)
    assert offset.status == 422 and offset.json["errors"][0]["field"] == "start"
    assert api.post("/interviews/preview", {**invite, "start": "2026-12-07T10:00"}).status == 200


def test_options_bodies_are_optional_and_the_letters_406_is_documented(api):
    paths = api.get("/openapi.json", auth=False).json["paths"]
    assert paths["/interviews/{interview_id}"]["delete"]["requestBody"]["required"] is False
    assert paths["/dev/reminders/run"]["post"]["requestBody"]["required"] is False
    letter = paths["/applicants/{applicant_id}/letters/{kind}"]["get"]["responses"]
    assert "application/problem+json" in letter["406"]["content"]


def test_the_public_pages_document_their_errors_as_pages(api):
    responses = api.get("/openapi.json", auth=False).json["paths"]["/confirm/{token}"]["get"]["responses"]
    for status in ("400", "404", "410"):
        assert list(responses[status]["content"]) == ["text/html"]
    page = api.get("/confirm/unknown-token", auth=False)
    assert page.status == 404 and page.headers["content-type"].startswith("text/html")


def test_no_form_posts_to_an_empty_action():
    """An empty action is invalid HTML (vnu); a form without one posts to the page's own address."""
    from pathlib import Path

    pages = Path(__file__).resolve().parents[2] / "templates" / "pages"
    assert [page.name for page in pages.rglob("*.html") if 'action=""' in page.read_text()] == []
