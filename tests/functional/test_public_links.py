"""Public links are not a write amplifier: no write for nothing, at most 30 changes an hour, and our
failures answer a page in the visitor's language."""

from __future__ import annotations

import email
import re
from datetime import timedelta
from email import policy

import pytest

from chalicelib import config
from tests.support import applicant, vacancy

FORM = {"content-type": "application/x-www-form-urlencoded"}


def sent_text() -> list[str]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    messages = ses_backends[DEFAULT_ACCOUNT_ID][config.region()].sent_messages
    return [
        email.message_from_string(message.raw_data, policy=policy.default).get_body(("plain",)).get_content()
        for message in messages
    ]


@pytest.fixture()
def invited(api):
    job = vacancy(api, "Sykepleier")
    kari = applicant(api, job["id"], "Kari", "Nordmann", language="nb")
    body = {
        "applicant_ids": [kari["id"]],
        "type": "in_person",
        "start": "2026-12-07T10:00",
        "timezone": "Europe/Oslo",
        "duration_minutes": 45,
        "invitation": {"send_email": True, "from": "hr@acme.example", "subject": "Intervju", "body": "Hei {firstname}"},
    }
    interview = api.post("/interviews", body).json["interviews"][0]
    token = re.search(r"/confirm/([A-Za-z0-9_-]+)", sent_text()[0]).group(1)
    return {"interview": interview, "token": token, "applicant": kari}


def answer(api, token, value):
    return api.request("POST", f"/confirm/{token}", auth=False, headers=FORM, raw_body=f"answer={value}")


def test_the_same_answer_again_writes_nothing(api, invited, dynamodb_calls):
    assert answer(api, invited["token"], "accept").status == 200
    with dynamodb_calls.record() as calls:
        again = answer(api, invited["token"], "accept")
    assert again.status == 200
    assert set(calls.by_operation) == {"GetItem"}
    history = api.get(f"/applicants/{invited['applicant']['id']}").json["history"]
    assert [event["event"] for event in history].count("answered") == 1


def test_a_link_makes_at_most_30_changes_an_hour(api, invited):
    for n in range(30):
        assert answer(api, invited["token"], ("accept", "decline")[n % 2]).status == 200, n
    refused = answer(api, invited["token"], "reschedule")
    assert refused.status == 429
    assert '<html lang="nb">' in refused.text
    assert "For mange endringer" in refused.text
    assert refused.headers["retry-after"] == str(3600)  # PINNED_NOW is on the hour
    assert "content-security-policy" in refused.headers
    assert api.get(f"/interviews/{invited['interview']['id']}").json["confirmation"] == "declined"
    # a GET is never counted, and the next hour starts afresh
    assert api.get(f"/confirm/{invited['token']}", auth=False).status == 200
    later = api.at(api.now + timedelta(hours=1))
    assert answer(later, invited["token"], "reschedule").status == 200


def test_a_rating_link_makes_at_most_30_changes_an_hour(api, invited):
    kari = invited["applicant"]["id"]
    panel = {
        "applicant_ids": [kari],
        "reviewers": [{"name": "Anna", "email": "anna@x.example"}],
        "from": "hr@acme.example",
    }
    assert api.post("/rating-panels", panel).status == 201
    token = re.search(r"/rate/([A-Za-z0-9_-]+)", sent_text()[-1]).group(1)

    def rate(stars):
        return api.request("POST", f"/rate/{token}", auth=False, headers=FORM, raw_body=f"stars.{kari}={stars}")

    for n in range(30):
        assert rate(1 + n % 2).status == 200, n
    assert rate(2).status == 200  # as the last one (n = 29): unchanged, nothing written, nothing counted
    refused = rate(7)
    assert refused.status == 429
    assert "retry-after" in refused.headers


def test_an_unexpected_error_on_a_page_is_a_page_in_the_visitor_s_language(api, invited, monkeypatch):
    from chalicelib.services import answers

    def broken(token, now):
        raise RuntimeError("the store is on fire")

    monkeypatch.setattr(answers, "show", broken)
    page = api.get(f"/confirm/{invited['token']}", auth=False, headers={"accept-language": "sv-SE,sv;q=0.9,en;q=0.5"})
    assert page.status == 500
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="sv">' in page.text
    assert "Något gick fel" in page.text
    assert "on fire" not in page.text
    assert "nonce-" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
    page = api.get(f"/confirm/{invited['token']}", auth=False, headers={"accept-language": "de, fr;q=0.5"})
    assert '<html lang="en">' in page.text
