"""Delivery: every email and SMS tracked to delivered, bounced or failed, and acted on."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.functional.test_invitations import invite_body, link_in, sent_mime
from tests.functional.test_reminders import run_schedule, sms_sent
from tests.support import (
    applicant,
    publish_email_events,
    publish_sms_logs,
    ses_event,
    simulate_mailbox,
    sms_log,
    vacancy,
)

FORM = {"content-type": "application/x-www-form-urlencoded"}
RUN_DAY = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)  # Saturday; the interview is Monday 2026-12-07


def invite(api, address="kari@example.com", reminder=None, mobile=None):
    job = vacancy(api, "Sykepleier")
    kari = applicant(api, job["id"], "Kari", "Nordmann", language="nb", email=address, mobile=mobile)
    body = invite_body([kari["id"]], reminder=reminder or {"channel": "email", "days_before": 2})
    created = api.post("/interviews", body)
    assert created.status == 201, created
    return kari, created.json["interviews"][0]


def test_an_invitation_starts_pending_and_is_delivered(client, api):
    _, interview = invite(api)
    assert interview["invitation"]["delivery"]["state"] == "pending"
    message_id = interview["invitation"]["message_id"]

    outcomes = publish_email_events(
        client, ses_event("Send", message_id, "kari@example.com"), ses_event("Delivery", message_id, "kari@example.com")
    )

    assert outcomes == [{"unchanged": 1}, {"recorded": 1}]
    delivery = api.get(f"/interviews/{interview['id']}").json["invitation"]["delivery"]
    assert delivery["state"] == "delivered"
    assert delivery["reason"] == "250 2.6.0 Message received"
    assert delivery["at"].startswith("2016-10-19T23:21:04")
    message = api.get(f"/messages/{message_id}").json
    assert (message["kind"], message["channel"], message["state"]) == ("invitation", "email", "delivered")


def test_a_hard_bounce_marks_the_address_and_stops_the_reminder_email(client, api):
    kari, interview = invite(api, "bounce+x@simulator.amazonses.com")
    message_id = interview["invitation"]["message_id"]

    publish_email_events(client, ses_event("Bounce", message_id, "bounce+x@simulator.amazonses.com"))

    shown = api.get(f"/interviews/{interview['id']}").json
    assert shown["invitation"]["delivery"]["state"] == "bounced"
    assert shown["invitation"]["delivery"]["reason"] == "Permanent/General: smtp; 550 5.1.1 user unknown"
    listed = api.get("/interviews?delivery=bounced").json["items"]
    assert [item["id"] for item in listed] == [interview["id"]]
    assert api.get("/interviews?delivery=delivered").json["items"] == []
    person = api.get(f"/applicants/{kari['id']}").json
    assert person["email_status"] == "undeliverable"
    assert person["email_problem"]["state"] == "bounced"
    bounced = [event for event in person["history"] if event["event"] == "email_bounced"]
    assert bounced and bounced[0]["kind"] == "invitation" and bounced[0]["message_id"] == message_id

    mails_before = len(sent_mime())
    run_schedule(client, RUN_DAY)

    assert len(sent_mime()) == mails_before
    reminder = api.get(f"/interviews/{interview['id']}").json["reminder"]
    assert (reminder["status"], reminder["reason"]) == ("skipped", "undeliverable")


def test_the_sms_part_of_a_reminder_still_goes_to_an_undeliverable_address(client, api):
    kari, interview = invite(api, reminder={"channel": "email_sms", "days_before": 2}, mobile="+4791234567")
    message_id = interview["invitation"]["message_id"]
    publish_email_events(client, ses_event("Complaint", message_id, "kari@example.com"))
    mails_before = len(sent_mime())

    run_schedule(client, RUN_DAY)

    assert len(sent_mime()) == mails_before
    assert len(sms_sent()) == 1
    shown = api.get(f"/interviews/{interview['id']}").json
    assert shown["invitation"]["delivery"]["state"] == "complained"
    assert shown["reminder"]["status"] == "sent"
    assert shown["reminder"]["delivery"]["state"] == "pending"  # the SMS, the only part that went
    assert api.get(f"/applicants/{kari['id']}").json["email_status"] == "undeliverable"


def test_states_never_move_back_under_duplicate_and_late_events(client, api):
    _, interview = invite(api)
    message_id = interview["invitation"]["message_id"]
    to = "kari@example.com"

    outcomes = publish_email_events(
        client,
        ses_event("Delivery", message_id, to),
        ses_event("Delivery", message_id, to),
        ses_event("DeliveryDelay", message_id, to),
        ses_event("Send", message_id, to),
    )

    assert outcomes == [{"recorded": 1}, {"unchanged": 1}, {"unchanged": 1}, {"unchanged": 1}]
    assert api.get(f"/interviews/{interview['id']}").json["invitation"]["delivery"]["state"] == "delivered"
    publish_email_events(client, ses_event("Complaint", message_id, to))
    assert api.get(f"/interviews/{interview['id']}").json["invitation"]["delivery"]["state"] == "complained"


def test_a_delay_shows_until_the_mail_is_delivered(client, api):
    _, interview = invite(api)
    message_id = interview["invitation"]["message_id"]

    publish_email_events(client, ses_event("DeliveryDelay", message_id, "kari@example.com"))

    delivery = api.get(f"/interviews/{interview['id']}").json["invitation"]["delivery"]
    assert delivery["state"] == "delayed"
    assert delivery["reason"].startswith("TransientCommunicationFailure")


def test_a_soft_bounce_is_in_the_history_but_does_not_mark_the_address(client, api):
    kari, interview = invite(api)
    message_id = interview["invitation"]["message_id"]
    document = ses_event("Bounce", message_id, "kari@example.com")
    document["bounce"].update(bounceType="Transient", bounceSubType="MailboxFull")

    publish_email_events(client, document)

    person = api.get(f"/applicants/{kari['id']}").json
    assert person["email_status"] == "ok"
    assert [event["reason"] for event in person["history"] if event["event"] == "email_bounced"] == [
        "Transient/MailboxFull: smtp; 550 5.1.1 user unknown"
    ]


def test_an_event_for_an_unknown_message_is_dropped(client, api):
    invite(api)

    outcomes = publish_email_events(client, ses_event("Bounce", "0100018f-unknown-000000", "kari@example.com"))

    assert outcomes == [{"unknown": 1}]


def test_a_tag_naming_another_organisation_changes_nothing(client, api):
    kari, interview = invite(api)
    message_id = interview["invitation"]["message_id"]

    outcomes = publish_email_events(client, ses_event("Bounce", message_id, "kari@example.com", org="other"))

    assert outcomes == [{"mismatch": 1}]
    assert api.get(f"/interviews/{interview['id']}").json["invitation"]["delivery"]["state"] == "pending"
    assert api.get(f"/applicants/{kari['id']}").json["email_status"] == "ok"


def test_our_own_tag_is_accepted(client, api):
    _, interview = invite(api)
    message_id = interview["invitation"]["message_id"]

    outcomes = publish_email_events(
        client, ses_event("Delivery", message_id, "kari@example.com", org="acme", kind="invitation")
    )

    assert outcomes == [{"recorded": 1}]


def test_another_organisation_cannot_read_the_message(api):
    _, interview = invite(api)

    answer = api.as_org("other").get(f"/messages/{interview['invitation']['message_id']}")

    assert answer.status == 404
    assert answer.headers["content-type"] == "application/problem+json"


def test_a_bounce_for_an_address_corrected_since_marks_nothing(client, api):
    kari, interview = invite(api, "kari@exmaple.com")
    api.patch(f"/applicants/{kari['id']}", {"email": "kari@example.com"})

    publish_email_events(client, ses_event("Bounce", interview["invitation"]["message_id"], "kari@exmaple.com"))

    assert api.get(f"/applicants/{kari['id']}").json["email_status"] == "ok"
    assert api.get(f"/interviews/{interview['id']}").json["invitation"]["delivery"]["state"] == "bounced"


def test_resend_is_refused_while_the_address_is_undeliverable_and_goes_once_corrected(client, api):
    kari, interview = invite(api, "kari@exmaple.com")
    first_link = link_in(sent_mime()[-1].get_body(("plain",)).get_content())
    publish_email_events(client, ses_event("Bounce", interview["invitation"]["message_id"], "kari@exmaple.com"))

    refused = api.post(f"/interviews/{interview['id']}/resend")

    assert refused.status == 409
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json["errors"] == [{"field": "email", "message": "is undeliverable"}]

    api.patch(f"/applicants/{kari['id']}", {"email": "kari@example.com"})
    assert api.get(f"/applicants/{kari['id']}").json["email_status"] == "ok"
    resent = api.post(f"/interviews/{interview['id']}/resend")

    assert resent.status == 200, resent
    mail = sent_mime()[-1]
    assert mail["To"] == "kari@example.com"
    assert link_in(mail.get_body(("plain",)).get_content()) == first_link
    assert resent.json["invitation"]["delivery"]["state"] == "pending"
    assert resent.json["invitation"]["message_id"] != interview["invitation"]["message_id"]
    history = api.get(f"/applicants/{kari['id']}").json["history"]
    assert any(event["event"] == "invitation_resent" for event in history)
    # the bounce of the first invitation arriving late does not touch the resent one's state
    publish_email_events(client, ses_event("Complaint", interview["invitation"]["message_id"], "kari@exmaple.com"))
    assert api.get(f"/interviews/{interview['id']}").json["invitation"]["delivery"]["state"] == "pending"


def test_the_resent_link_still_answers(client, api):
    _, interview = invite(api)
    api.post(f"/interviews/{interview['id']}/resend")
    token = link_in(sent_mime()[-1].get_body(("plain",)).get_content())

    answered = api.request("POST", f"/confirm/{token}", auth=False, headers=FORM, raw_body="answer=accept")

    assert answered.status == 200
    assert api.get(f"/interviews/{interview['id']}").json["confirmation"] == "accepted"


def test_an_ad_hoc_email_is_refused_to_an_undeliverable_address(client, api):
    kari, interview = invite(api)
    publish_email_events(client, ses_event("Bounce", interview["invitation"]["message_id"], "kari@example.com"))
    mails_before = len(sent_mime())

    answer = api.post(
        "/emails",
        {"applicant_ids": [kari["id"]], "from": "recruiter@acme.example", "subject": "Hello", "body": "Hi"},
    )

    assert answer.json["results"][0]["ok"] is False
    assert answer.json["results"][0]["error"]["code"] == "undeliverable"
    assert len(sent_mime()) == mails_before


def test_sms_receipts_record_delivered_and_failed_with_the_carriers_reason(client, api):
    _, interview = invite(api, reminder={"channel": "sms", "days_before": 2}, mobile="+4791234567")
    run_schedule(client, RUN_DAY)
    receipt = api.get(f"/interviews/{interview['id']}").json["reminder"]
    assert receipt["sms_delivery"]["state"] == "pending"
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends

    from chalicelib import config

    sms_id = list(sns_backends[DEFAULT_ACCOUNT_ID][config.region()].sms_messages)[-1]

    outcome = publish_sms_logs(client, sms_log(sms_id, "+4791234567", success=False))

    assert outcome == {"recorded": 1}
    reminder = api.get(f"/interviews/{interview['id']}").json["reminder"]
    assert reminder["sms_delivery"]["state"] == "failed"
    assert reminder["sms_delivery"]["reason"] == "Unknown error attempting to reach phone"
    assert reminder["delivery"]["state"] == "failed"  # the SMS is the reminder's only part
    assert api.get("/interviews?delivery=failed").json["items"][0]["id"] == interview["id"]


@pytest.mark.parametrize(
    ("address", "state", "marked"),
    [
        ("success@simulator.amazonses.com", "delivered", "ok"),
        ("ooto+kari@simulator.amazonses.com", "delivered", "ok"),
        ("bounce+kari@simulator.amazonses.com", "bounced", "undeliverable"),
        ("complaint@simulator.amazonses.com", "complained", "undeliverable"),
        ("suppressionlist@simulator.amazonses.com", "bounced", "undeliverable"),
    ],
)
def test_the_local_mailbox_simulator_publishes_what_ses_would(api, address, state, marked):
    kari, interview = invite(api, address)

    simulate_mailbox()

    assert api.get(f"/interviews/{interview['id']}").json["invitation"]["delivery"]["state"] == state
    assert api.get(f"/applicants/{kari['id']}").json["email_status"] == marked


def test_an_offer_and_the_access_link_are_refused_to_an_undeliverable_address(client, api):
    kari, interview = invite(api)
    publish_email_events(client, ses_event("Bounce", interview["invitation"]["message_id"], "kari@example.com"))
    mails_before = len(sent_mime())

    offered = api.post(
        "/applicants/actions",
        {"action": "send_offer", "applicant_ids": [kari["id"]], "email": {"from": "recruiter@acme.example"}},
    )
    access = api.post(f"/applicants/{kari['id']}/access", {"from": "recruiter@acme.example"})

    (result,) = offered.json["results"]
    assert result["status"] == "offer_received"  # the status moves; only the email is refused
    assert result["email"]["ok"] is False and result["email"]["error"]["code"] == "undeliverable"
    assert access.status == 409
    assert access.json["errors"] == [{"field": "email", "message": "is undeliverable"}]
    assert len(sent_mime()) == mails_before


def test_every_sending_route_names_a_message_whose_fate_can_be_followed(client, api):
    kari, _ = invite(api)
    offered = api.post(
        "/applicants/actions",
        {"action": "send_offer", "applicant_ids": [kari["id"]], "email": {"from": "recruiter@acme.example"}},
    ).json["results"][0]["email"]
    assert offered["delivery"] == {"state": "pending", "at": None, "reason": None}
    panel = api.post(
        "/rating-panels",
        {
            "applicant_ids": [kari["id"]],
            "reviewers": [{"name": "Per Lie", "email": "per@acme.example"}],
            "from": "recruiter@acme.example",
            "language": "nb",
            "timezone": "Europe/Oslo",
        },
    ).json
    request_id = panel["reviewers"][0]["message_id"]

    publish_email_events(
        client,
        ses_event("Delivery", offered["message_id"], "kari@example.com"),
        ses_event("Bounce", request_id, "per@acme.example"),
    )

    offer_message = api.get(f"/messages/{offered['message_id']}").json
    assert (offer_message["kind"], offer_message["state"]) == ("offer", "delivered")
    request = api.get(f"/messages/{request_id}").json
    assert (request["kind"], request["state"], request["panel_id"]) == ("rating_request", "bounced", panel["id"])
    # a reviewer's bounce says nothing about the applicant's address
    assert api.get(f"/applicants/{kari['id']}").json["email_status"] == "ok"


def test_the_outbox_shows_what_became_of_each_message(client, api):
    invite(api, "bounce+kari@simulator.amazonses.com")
    simulate_mailbox()

    outbox = api.get("/dev/outbox", auth=False).json
    page = api.get("/dev/outbox.html", auth=False).text

    (mail,) = [mail for mail in outbox["emails"] if "bounce+kari" in str(mail["to"])]  # not the team's
    assert mail["delivery"]["state"] == "bounced" and mail["delivery"]["kind"] == "invitation"
    assert "bounced (Permanent/General: smtp; 550 5.1.1 user unknown)" in page


def test_a_notice_is_not_emailed_to_an_undeliverable_address_and_the_change_still_holds(client, api):
    _, interview = invite(api)
    publish_email_events(client, ses_event("Complaint", interview["invitation"]["message_id"], "kari@example.com"))
    mails_before = len(sent_mime())

    moved = api.patch(f"/interviews/{interview['id']}", {"start": "2026-12-08T10:00", "notify": True})
    cancelled = api.delete(f"/interviews/{interview['id']}?notify=true")

    assert moved.status == 200 and cancelled.status == 200
    assert [warning["code"] for warning in moved.json["warnings"]] == ["undeliverable"]
    assert [warning["code"] for warning in cancelled.json["warnings"]] == ["undeliverable"]
    assert len(sent_mime()) == mails_before
    assert cancelled.json["cancelled"] is True


def test_a_new_invitation_to_an_undeliverable_address_is_not_emailed_and_says_why(client, api):
    kari, interview = invite(api)
    publish_email_events(client, ses_event("Bounce", interview["invitation"]["message_id"], "kari@example.com"))
    mails_before = len(sent_mime())

    again = api.post("/interviews", invite_body([kari["id"]], start="2026-12-09T10:00"))

    assert again.status == 201
    assert [warning["code"] for warning in again.json["warnings"]] == ["undeliverable"]
    assert again.json["interviews"][0]["invitation"]["status"] == "undeliverable"
    assert len(sent_mime()) == mails_before


def test_a_delivery_event_neither_stales_the_recruiter_s_edit_nor_is_undone_by_it(client, api):
    _, interview = invite(api)
    seen = api.get(f"/interviews/{interview['id']}").json
    publish_email_events(client, ses_event("Delivery", interview["invitation"]["message_id"], "kari@example.com"))

    changed = api.patch(
        f"/interviews/{interview['id']}", {"location": "Room 2"}, headers={"if-match": str(seen["version"])}
    )

    assert changed.status == 200, changed
    assert changed.json["invitation"]["delivery"]["state"] == "delivered"
    assert api.get(f"/interviews/{interview['id']}").json["invitation"]["delivery"]["state"] == "delivered"


def test_a_bounce_of_an_interviewer_s_calendar_mail_is_recorded_and_never_held_against_the_applicant(client, api):
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    from chalicelib import config

    kari, interview = invite(api)
    sent = ses_backends[DEFAULT_ACCOUNT_ID][config.region()].sent_messages
    (team_mail,) = [message for message in sent if "anna@acme.example" in message.destinations]

    outcomes = publish_email_events(client, ses_event("Bounce", team_mail.id, "anna@acme.example"))

    assert outcomes == [{"recorded": 1}]
    message = api.get(f"/messages/{team_mail.id}").json
    assert (message["kind"], message["state"], message["interview_id"]) == ("team", "bounced", interview["id"])
    assert message["applicant_id"] is None
    assert api.get(f"/applicants/{kari['id']}").json["email_status"] == "ok"


def test_an_offer_of_slots_is_not_emailed_to_an_undeliverable_address(client, api):
    from tests.functional.test_interview_offers import offer_body

    kari, interview = invite(api)
    publish_email_events(client, ses_event("Complaint", interview["invitation"]["message_id"], "kari@example.com"))
    mails_before = len(sent_mime())

    response = api.post("/interview-offers", offer_body([kari["id"]]))

    assert response.status == 201, response
    assert [warning["code"] for warning in response.json["warnings"]] == ["undeliverable"]
    assert len(sent_mime()) == mails_before
