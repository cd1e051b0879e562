"""The applicant's answer through the personal link."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.functional.test_invitations import invite_body, link_in, sent_mime
from tests.support import OSLO_WINTER, applicant, vacancy

FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.fixture()
def invited(api):
    job = vacancy(api, "Sykepleier")
    person = applicant(api, job["id"], "Kari", "Nordmann", language="nb")
    interview = api.post("/interviews", invite_body([person["id"]])).json["interviews"][0]
    token = link_in(sent_mime()[0].get_body(("plain",)).get_content())
    return {"applicant": person, "interview": interview, "token": token}


def answer(api, token, value):
    return api.request("POST", f"/confirm/{token}", auth=False, headers=FORM, raw_body=f"answer={value}")


def test_the_page_shows_the_interview_in_the_applicants_language_and_changes_nothing(api, invited):
    page = api.get(f"/confirm/{invited['token']}", auth=False)
    assert page.status == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="nb">' in page.text
    for text in (
        "Sykepleier",
        "mandag 7. desember 2026",
        f"10:00 ({OSLO_WINTER})",
        "Personlig intervju",
        "Storgata 1, Oslo",
        "Ja, jeg kommer",
        "Nei, jeg kan ikke",
        "Kontakt meg for et nytt tidspunkt",
        "Trekk søknaden min",
    ):
        assert text in page.text
    for value in ("accept", "decline", "reschedule", "withdraw"):
        assert f'<label for="answer-{value}">' in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert api.get(f"/interviews/{invited['interview']['id']}").json["confirmation"] == "pending"
    history = api.get(f"/applicants/{invited['applicant']['id']}").json["history"]
    assert [event["event"] for event in history] == ["received", "invited"]


@pytest.mark.parametrize(
    ("value", "confirmation"),
    [("accept", "accepted"), ("decline", "declined"), ("reschedule", "reschedule_requested")],
)
def test_an_answer_becomes_the_interviews_confirmation(api, invited, value, confirmation):
    response = answer(api, invited["token"], value)
    assert response.status == 200
    assert '<html lang="nb">' in response.text
    assert "Takk" in response.text
    assert api.get(f"/interviews/{invited['interview']['id']}").json["confirmation"] == confirmation
    detail = api.get(f"/applicants/{invited['applicant']['id']}").json
    assert detail["status"] == "invited"
    assert detail["history"][-1]["event"] == "answered"
    assert detail["history"][-1]["answer"] == value
    assert detail["history"][-1]["by"] == "applicant"


def test_withdrawing_withdraws_the_application_and_cannot_be_undone_by_the_link(api, invited):
    response = answer(api, invited["token"], "withdraw")
    assert response.status == 200
    assert "Søknaden din er trukket" in response.text
    assert api.get(f"/interviews/{invited['interview']['id']}").json["confirmation"] == "not_applicable"
    assert api.get(f"/applicants/{invited['applicant']['id']}").json["status"] == "withdrawn"
    assert invited["applicant"]["id"] in [a["id"] for a in api.get("/applicants?status=withdrawn").json["items"]]
    again = answer(api, invited["token"], "accept")
    assert again.status == 409
    assert "Søknaden er trukket" in again.text


def test_an_answer_may_be_changed_until_the_start(api, invited):
    assert answer(api, invited["token"], "decline").status == 200
    assert answer(api, invited["token"], "accept").status == 200
    assert api.get(f"/interviews/{invited['interview']['id']}").json["confirmation"] == "accepted"
    page = api.get(f"/confirm/{invited['token']}", auth=False)
    assert "Ditt svar så langt: <strong>Du kommer</strong>" in page.text


def test_after_the_start_the_link_is_gone(api, invited):
    started = api.at(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))  # 10:00 in Oslo
    assert started.get(f"/confirm/{invited['token']}", auth=False).status == 410
    response = answer(started, invited["token"], "accept")
    assert response.status == 410
    assert "Intervjuet har startet" in response.text
    assert api.get(f"/interviews/{invited['interview']['id']}").json["confirmation"] == "pending"


def test_an_unknown_token_is_a_404_page(api, invited):
    forged = invited["token"][:-4] + ("AAAA" if not invited["token"].endswith("AAAA") else "BBBB")
    for token in (forged, "short"):
        response = api.get(f"/confirm/{token}", auth=False)
        assert response.status == 404
        assert response.headers["content-type"].startswith("text/html")
        assert answer(api, token, "accept").status == 404


def test_a_bad_answer_is_a_400_page_in_the_applicants_language(api, invited):
    response = answer(api, invited["token"], "maybe")
    assert response.status == 400
    assert "Velg et svar" in response.text
    assert api.request("POST", f"/confirm/{invited['token']}", auth=False, headers=FORM, raw_body="").status == 400


def test_only_the_hash_of_the_token_is_stored(api, invited):
    import boto3

    from chalicelib import config

    client = boto3.client("dynamodb", region_name=config.region())
    tables = client.list_tables()["TableNames"]
    for table in tables:
        for item in client.scan(TableName=table)["Items"]:
            assert invited["token"] not in str(item)
