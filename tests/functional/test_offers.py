"""Send offer with an email: our template in the applicant's language, or the recruiter's text."""

from __future__ import annotations

import pytest

from tests.functional.test_invitations import sent_mime
from tests.support import applicant, ses_refuses, vacancy


def offer(api, applicant_ids, **email):
    body = {"action": "send_offer", "applicant_ids": applicant_ids}
    if email is not None:
        body["email"] = {"from": "recruiter@acme.example", **email}
    return api.post("/applicants/actions", body)


@pytest.fixture()
def people(api):
    job = vacancy(api, "Backend developer")
    return {
        "kari": applicant(api, job["id"], "Kari", "Nordmann", language="nb"),
        "john": applicant(api, job["id"], "John", "Smith", language="en"),
    }


def test_the_offer_email_is_our_template_in_each_applicant_s_language(api, people):
    response = offer(api, [people["kari"]["id"], people["john"]["id"]])
    assert response.status == 200, response
    results = response.json["results"]
    assert [(r["status"], r["email"]["ok"]) for r in results] == [("offer_received", True)] * 2
    by_recipient = {message["To"]: message for message in sent_mime()}
    kari, john = by_recipient["kari@example.com"], by_recipient["john@example.com"]
    assert kari["Subject"] == "Tilbud om stilling: Backend developer"
    assert "Hei Kari," in kari.get_body(("plain",)).get_content()
    assert "stillingen som Backend developer" in kari.get_body(("plain",)).get_content()
    assert john["Subject"] == "Offer of employment: Backend developer"
    assert kari["From"] == "recruiter@acme.example"
    history = api.get(f"/applicants/{people['kari']['id']}").json["history"]
    assert [event["event"] for event in history][-2:] == ["offer_sent", "offer_email_sent"]
    assert history[-1]["message_id"] == results[0]["email"]["message_id"]


def test_the_recruiter_s_own_text_per_language_replaces_the_template(api, people):
    offer(
        api,
        [people["kari"]["id"], people["john"]["id"]],
        subject={"nb": "Velkommen, {firstname}!", "en": "Welcome, {firstname}!"},
        body="We would love to have you as {vacancy}, {fullname}.",
    )
    subjects = sorted(message["Subject"] for message in sent_mime())
    assert subjects == ["Velkommen, Kari!", "Welcome, John!"]
    assert all("as Backend developer, " in m.get_body(("plain",)).get_content() for m in sent_mime())


def test_without_email_the_offer_is_only_recorded(api, people):
    response = api.post("/applicants/actions", {"action": "send_offer", "applicant_ids": [people["kari"]["id"]]})
    assert response.json["results"] == [{"applicant_id": people["kari"]["id"], "ok": True, "status": "offer_received"}]
    assert sent_mime() == []


def test_an_applicant_whose_offer_is_refused_gets_no_email(api, people):
    api.post("/applicants/actions", {"action": "withdraw", "applicant_ids": [people["john"]["id"]]})
    results = offer(api, [people["kari"]["id"], people["john"]["id"]]).json["results"]
    assert results[1]["ok"] is False and "email" not in results[1]
    assert [message["To"] for message in sent_mime()] == ["kari@example.com"]


@pytest.mark.parametrize(
    ("email", "field"),
    [
        ({"body": "Dear {firstname}, see {confirmlink}"}, "email.body"),
        ({"subject": ""}, "email.subject"),
        ({"from": "nobody"}, "email.from"),
    ],
)
def test_a_bad_offer_email_is_422_and_nobody_moves(api, people, email, field):
    response = offer(api, [people["kari"]["id"]], **email)
    assert response.status == 422
    assert field in [error["field"] for error in response.json["errors"]]
    assert api.get(f"/applicants/{people['kari']['id']}").json["status"] == "received"
    assert sent_mime() == []


def test_a_failed_email_keeps_the_offer_and_says_so(api, people):
    ses_refuses("acme.example")
    response = offer(api, [people["kari"]["id"]], **{"from": "someone@acme.example"})
    (result,) = response.json["results"]
    assert (result["ok"], result["status"]) == (True, "offer_received")
    assert result["email"]["ok"] is False and result["email"]["error"]["code"] == "send_failed"
