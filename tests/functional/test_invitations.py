"""Inviting applicants: preview, create, the email that goes out, every check of the contract."""

from __future__ import annotations

import email
import json
import re
from email import policy

import boto3
import pytest
from icalendar import Calendar

from chalicelib import config
from tests.support import OSLO_WINTER, applicant, is_team_mail, vacancy

START = "2026-12-07T10:00"  # a Monday; the pinned now is 2026-11-20 09:00 UTC


def invite_body(applicant_ids, **overrides):
    body = {
        "applicant_ids": applicant_ids,
        "type": "in_person",
        "attendees": [
            {"name": "Anna Berg", "email": "anna@acme.example"},
            {"name": "Per Lie", "email": "per@acme.example"},
        ],
        "start": START,
        "timezone": "Europe/Oslo",
        "duration_minutes": 45,
        "location": "Storgata 1, Oslo",
        "invitation": {
            "send_email": True,
            "from": "recruiter@acme.example",
            "subject": {"en": "Interview for {vacancy}", "nb": "Intervju for {vacancy}"},
            "body": {
                "en": "Dear {firstname},\n\nWelcome on {date} at {time} at {location}. With {attendees}.",
                "nb": "Hei {firstname},\n\nVelkommen {date} kl. {time}, {location}. Med {attendees}.",
            },
            "include_confirm_link": None,
        },
        "reminder": {"channel": "none"},
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(body.get(key), dict):
            body[key] = {**body[key], **value}
        else:
            body[key] = value
    return body


@pytest.fixture()
def people(api):
    job = vacancy(api, "Backend developer")
    return {
        "job": job,
        "kari": applicant(api, job["id"], "Kari", "Nordmann", language="nb", mobile="+4791234567"),
        "john": applicant(api, job["id"], "John", "Smith", language="en"),
        "sanne": applicant(api, job["id"], "Sanne", "de Vries", language="nl"),
    }


def sent_mime(team: bool = False):
    """What SES sent, oldest first; without `team`, leaving out the interviewers' calendar mail."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    messages = [
        email.message_from_string(message.raw_data, policy=policy.default)
        for message in ses_backends[DEFAULT_ACCOUNT_ID][config.region()].sent_messages
    ]
    return messages if team else [message for message in messages if not is_team_mail(message)]


def link_in(text):
    match = re.search(r"https://rendezvous\.test/confirm/([A-Za-z0-9_-]+)", text)
    assert match, text
    return match.group(1)


def test_inviting_creates_an_interview_per_applicant_and_marks_them_invited(api, people):
    ids = [people["kari"]["id"], people["john"]["id"]]
    response = api.post("/interviews", invite_body(ids))
    assert response.status == 201, response
    interviews = response.json["interviews"]
    assert [item["applicant_id"] for item in interviews] == ids
    kari = interviews[0]
    assert kari["applicant_name"] == "Kari Nordmann"
    assert kari["vacancy_title"] == "Backend developer"
    assert kari["start"] == "2026-12-07T10:00:00+01:00"
    assert kari["end"] == "2026-12-07T10:45:00+01:00"
    assert kari["confirmation"] == "pending"
    assert kari["reminder"] == {"channel": "none", "days_before": None, "send_on": None, "status": "none"}
    assert kari["cancelled"] is False
    assert kari["invitation"]["status"] == "sent"
    assert kari["invitation"]["message_id"]
    detail = api.get(f"/applicants/{people['kari']['id']}").json
    assert detail["status"] == "invited"
    assert detail["history"][-1]["event"] == "invited"
    assert detail["interviews"][0]["id"] == kari["id"]
    assert api.get(f"/interviews/{kari['id']}").json == kari


def test_the_invitation_is_written_in_the_applicants_language_with_a_calendar_file(api, people):
    api.post("/interviews", invite_body([people["kari"]["id"], people["john"]["id"]]))
    kari_mail, john_mail = sent_mime()
    assert kari_mail["To"] == "kari@example.com"
    assert kari_mail["From"] == "recruiter@acme.example"
    assert kari_mail["Subject"] == "Intervju for Backend developer"
    text = kari_mail.get_body(("plain",)).get_content()
    assert "Hei Kari," in text
    assert f"mandag 7. desember 2026 kl. 10:00 ({OSLO_WINTER})" in text
    assert "Med Anna Berg og Per Lie." in text
    assert "Gi oss beskjed om du kan komme:" in text
    html = kari_mail.get_body(("html",)).get_content()
    assert '<html lang="nb">' in html
    assert "Storgata 1, Oslo" in html
    token = link_in(text)
    assert token in html
    english = john_mail.get_body(("plain",)).get_content()
    assert "Monday, December 7, 2026 at 10:00\u202fAM (Central European Standard Time)" in english
    assert link_in(english) != token
    (ics_part,) = list(kari_mail.iter_attachments())
    assert ics_part.get_filename() == "invite.ics"
    assert ics_part.get_content_type() == "text/calendar"
    calendar = Calendar.from_ical(ics_part.get_content())
    assert str(calendar["METHOD"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert event["SEQUENCE"] == 0
    assert event["UID"].endswith("@rendezvous")
    assert event.decoded("DTSTART").isoformat() == "2026-12-07T09:00:00+00:00"
    assert str(event["LOCATION"]) == "Storgata 1, Oslo"


def test_the_outbox_shows_what_was_sent(api, people):
    api.post("/interviews", invite_body([people["sanne"]["id"]], attendees=[]))
    (mail,) = api.outbox()["emails"]
    assert mail["to"] == ["sanne@example.com"]
    assert mail["subject"] == "Interview for Backend developer"  # no nl variant: English
    assert "Monday, December 7, 2026" in mail["text"]  # and its labels and dates too, not Dutch ones
    assert "Vacancy: Backend developer" in mail["text"]
    assert mail["attachments"] == ["invite.ics"]
    page = api.get("/dev/outbox.html", auth=False)
    assert page.status == 200
    assert "Interview for Backend developer" in page.text


def test_values_are_escaped_in_the_html_part(api):
    job = vacancy(api, "R&D <lead>")
    person = applicant(api, job["id"], "Eve", "<script>alert(1)</script>")
    body = invite_body([person["id"]], invitation={"body": "Hi {fullname} & welcome to {vacancy}"})
    assert api.post("/interviews", body).status == 201
    (mail,) = sent_mime()
    html = mail.get_body(("html",)).get_content()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "R&amp;D &lt;lead&gt;" in html
    assert "Hi Eve <script>alert(1)</script> & welcome to R&D <lead>" in mail.get_body(("plain",)).get_content()


def test_recruiter_text_is_not_evaluated_as_a_template(api, people):
    body = invite_body([people["john"]["id"]], invitation={"body": "{{ 7*7 }} {% if true %}x{% endif %} {firstname}"})
    assert api.post("/interviews", body).status == 201
    text = sent_mime()[0].get_body(("plain",)).get_content()
    assert "{{ 7*7 }} {% if true %}x{% endif %} John" in text


def test_confirmlink_in_the_body_is_replaced_and_no_second_link_is_added(api, people):
    body = invite_body([people["john"]["id"]], invitation={"body": "Answer here: {confirmlink}"})
    response = api.post("/interviews", body)
    assert response.status == 201
    text = sent_mime()[0].get_body(("plain",)).get_content()
    assert text.count("https://rendezvous.test/confirm/") == 1
    assert "Please let us know whether you can come" not in text


def test_no_link_is_added_when_the_recruiter_says_so(api, people):
    body = invite_body([people["john"]["id"]], invitation={"include_confirm_link": False})
    assert api.post("/interviews", body).status == 201
    assert "/confirm/" not in sent_mime()[0].get_body(("plain",)).get_content()


def test_no_email_is_sent_when_send_email_is_false(api, people):
    body = invite_body(
        [people["john"]["id"]], invitation={"send_email": False, "from": None, "subject": None, "body": None}
    )
    response = api.post("/interviews", body)
    assert response.status == 201, response
    assert response.json["interviews"][0]["invitation"]["status"] == "not_sent"
    assert sent_mime() == []
    assert api.get(f"/applicants/{people['john']['id']}").json["status"] == "invited"


class TestPreview:
    def test_preview_renders_each_applicants_message_and_stores_nothing(self, api, people):
        ids = [people["kari"]["id"], people["sanne"]["id"]]
        response = api.post("/interviews/preview", invite_body(ids))
        assert response.status == 200, response
        preview = response.json
        assert preview["include_confirm_link_default"] is True
        kari, sanne = preview["messages"]
        assert (kari["language"], kari["subject"]) == ("nb", "Intervju for Backend developer")
        assert "Velkommen mandag 7. desember 2026 kl. 10:00" in kari["body"]
        assert "/confirm/" in kari["body"]
        assert sanne["language"] == "nl"
        assert sent_mime() == []
        assert api.get(f"/applicants/{people['kari']['id']}").json["status"] == "received"
        assert api.get(f"/applicants/{people['kari']['id']}").json["interviews"] == []

    def test_the_default_is_off_only_when_every_variant_used_has_the_tag(self, api, people):
        body = {"en": "Answer: {confirmlink}", "nb": "Svar: {confirmlink}", "nl": "Geen link"}
        both = invite_body([people["kari"]["id"], people["john"]["id"]], invitation={"body": body})
        assert api.post("/interviews/preview", both).json["include_confirm_link_default"] is False
        with_dutch = invite_body([people["kari"]["id"], people["sanne"]["id"]], invitation={"body": body})
        assert api.post("/interviews/preview", with_dutch).json["include_confirm_link_default"] is True

    def test_a_missing_mobile_is_a_warning_for_sms_reminders(self, api, people):
        body = invite_body(
            [people["kari"]["id"], people["john"]["id"]], reminder={"channel": "email_sms", "days_before": 2}
        )
        warnings = api.post("/interviews/preview", body).json["warnings"]
        assert [(w["applicant_id"], w["code"]) for w in warnings] == [(people["john"]["id"], "no_mobile")]


@pytest.mark.parametrize("route", ["/interviews", "/interviews/preview"])
class TestChecks:
    def test_days_before_must_be_an_allowed_number(self, api, people, route):
        body = invite_body([people["kari"]["id"]], reminder={"channel": "email", "days_before": 4})
        response = api.post(route, body)
        assert response.status == 422
        assert response.json["errors"][0]["field"] == "reminder.days_before"

    def test_sms_needs_sms_access(self, api, people, route):
        body = invite_body([people["kari"]["id"]], reminder={"channel": "sms", "days_before": 1})
        response = api.as_org("acme", sms=False).post(route, body)
        assert response.status == 403
        assert response.headers["content-type"] == "application/problem+json"

    def test_the_reminder_cannot_be_further_ahead_than_the_interview(self, api, people, route):
        body = invite_body(
            [people["kari"]["id"]], start="2026-11-23T10:00", reminder={"channel": "email", "days_before": 5}
        )
        response = api.post(route, body)
        assert response.status == 422
        assert response.json["errors"][0]["field"] == "reminder.days_before"

    def test_a_start_in_the_past_is_refused(self, api, people, route):
        response = api.post(route, invite_body([people["kari"]["id"]], start="2026-11-20T09:30"))  # 08:30 UTC
        assert response.status == 422
        assert response.json["errors"][0]["field"] == "start"

    def test_an_unknown_tag_is_named(self, api, people, route):
        body = invite_body([people["kari"]["id"]], invitation={"body": {"en": "Hi {firstname}", "nb": "Hei {fornavn}"}})
        response = api.post(route, body)
        assert response.status == 422
        (error,) = response.json["errors"]
        assert error["field"] == "invitation.body.nb"
        assert "{fornavn}" in error["message"]

    def test_a_time_skipped_by_daylight_saving_is_refused(self, api, people, route):
        response = api.post(route, invite_body([people["kari"]["id"]], start="2027-03-28T02:30"))
        assert response.status == 422
        assert response.json["errors"][0]["field"] == "start"

    def test_an_unknown_time_zone_is_refused(self, api, people, route):
        response = api.post(route, invite_body([people["kari"]["id"]], timezone="Europe/Atlantis"))
        assert response.status == 422
        assert response.json["errors"][0]["field"] == "timezone"

    def test_from_subject_and_body_are_needed_to_send(self, api, people, route):
        body = invite_body([people["kari"]["id"]], invitation={"from": None, "subject": ""})
        response = api.post(route, body)
        assert response.status == 422
        assert {e["field"] for e in response.json["errors"]} == {"invitation.from", "invitation.subject"}

    def test_another_organisations_applicant_is_not_found_and_nothing_is_sent(self, api, people, route):
        other = invite_body([people["kari"]["id"]], invitation={"from": "recruiter@other.example"})
        response = api.as_org("other").post(route, other)
        assert response.status == 404
        assert response.json["errors"][0]["field"] == "applicant_ids.0"
        assert sent_mime() == []

    def test_one_bad_applicant_stops_all_before_anything_is_sent(self, api, people, route):
        response = api.post(route, invite_body([people["kari"]["id"], "apl_missing"]))
        assert response.status == 404
        assert sent_mime() == []
        assert api.get(f"/applicants/{people['kari']['id']}").json["status"] == "received"


def test_an_unknown_type_is_422(api, people):
    response = api.post("/interviews", invite_body([people["kari"]["id"]], type="dinner"))
    assert response.status == 422
    assert response.json["errors"][0]["field"] == "type"


def test_a_reminder_is_scheduled_on_the_right_day(api, people):
    body = invite_body([people["kari"]["id"]], reminder={"channel": "email_sms", "days_before": 2})
    interview = api.post("/interviews", body).json["interviews"][0]
    assert interview["reminder"] == {
        "channel": "email_sms",
        "days_before": 2,
        "send_on": "2026-12-05",
        "status": "scheduled",
    }


def test_a_failed_email_still_leaves_the_interview_with_a_warning(api, people):
    boto3.client("ses", region_name=config.region()).delete_identity(Identity="acme.example")
    response = api.post("/interviews", invite_body([people["john"]["id"]], attendees=[]))
    assert response.status == 201
    interview = response.json["interviews"][0]
    assert interview["invitation"]["status"] == "failed"
    assert [w["code"] for w in response.json["warnings"]] == ["email_failed"]


class TestReviewedEdges:
    def test_a_directory_of_zones_is_not_a_time_zone(self, api, people):
        for name in ("Europe", "posixrules"):
            response = api.post("/interviews", invite_body([people["kari"]["id"]], timezone=name))
            assert response.status == 422
            assert response.json["errors"][0]["field"] == "timezone"

    def test_a_language_that_does_not_exist_is_named(self, api, people):
        response = api.post("/interviews", invite_body([people["kari"]["id"]], invitation={"body": {"de": "Hallo"}}))
        assert response.status == 422
        assert response.json["errors"][0]["field"] == "invitation.body"
        assert "'de' is not a language" in response.json["errors"][0]["message"]

    def test_a_multi_line_subject_is_refused_before_anything_is_sent(self, api, people):
        body = invite_body([people["kari"]["id"]], invitation={"subject": "Hi\r\nBcc: evil@example.com"})
        assert api.post("/interviews", body).status == 422
        assert sent_mime() == []

    def test_an_applicant_with_an_offer_is_not_invited(self, api, people):
        kari = people["kari"]["id"]
        assert api.post("/applicants/actions", {"action": "send_offer", "applicant_ids": [kari]}).status == 200
        response = api.post("/interviews", invite_body([kari, people["john"]["id"]]))
        assert response.status == 409
        assert response.json["errors"][0]["field"] == "applicant_ids.0"
        assert sent_mime() == []
        assert api.get(f"/applicants/{kari}").json["status"] == "offer_received"


def test_text_that_is_not_unicode_is_refused_before_anything_changes(api, people):
    kari = people["kari"]["id"]
    raw = json.dumps(
        {
            "action": "send_offer",
            "applicant_ids": [kari],
            "email": {"from": "hr@acme.example", "subject": {"en": "Offer"}},
        }
    )
    raw = raw.replace('"Offer"', '"Offer \\ud800"')
    response = api.post("/applicants/actions", raw_body=raw)
    assert response.status == 422, response
    assert api.get(f"/applicants/{kari}").json["status"] == "received"
    assert sent_mime() == []
