"""Delivery states, their order, and reading the documents SES and SNS publish (AWS's own examples)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.domain.delivery import (
    RANK,
    UnreadableReceiptError,
    moves_forward,
    read_ses_event,
    read_sms_log,
    simulated_events,
    simulator_outcome,
    undeliverable,
)
from chalicelib.domain.reminders import decide
from chalicelib.domain.tokens import derived_token, token_hash
from tests.support import ses_event, sms_log

MESSAGE = "0100018f2e0c9a4b-4d1e8b6c-1a2b-4c3d-9e8f-0a1b2c3d4e5f-000000"


def test_a_delivery_is_never_undone_by_a_late_delay_or_send():
    assert moves_forward("pending", "delivered")
    assert not moves_forward("delivered", "delayed")
    assert not moves_forward("delivered", "pending")
    assert not moves_forward("delivered", "delivered")


def test_a_complaint_after_a_delivery_and_a_bounce_after_a_delay_move_on():
    assert moves_forward("delivered", "complained")
    assert moves_forward("delayed", "bounced")
    assert moves_forward(None, "pending")
    assert RANK["bounced"] == RANK["rejected"] == RANK["failed"]


@pytest.mark.parametrize(
    ("event_type", "state", "reason", "permanent"),
    [
        ("Send", "pending", None, False),
        ("Delivery", "delivered", "250 2.6.0 Message received", False),
        ("Bounce", "bounced", "Permanent/General: smtp; 550 5.1.1 user unknown", True),
        ("Complaint", "complained", "complaint: abuse", True),
        ("Reject", "rejected", "Bad content", False),
        (
            "DeliveryDelay",
            "delayed",
            "TransientCommunicationFailure: smtp; 421 4.4.1 Unable to connect to remote host",
            False,
        ),
    ],
)
def test_each_ses_event_of_aws_s_examples_reads_as_a_state(event_type, state, reason, permanent):
    receipt = read_ses_event(ses_event(event_type, MESSAGE, "kari@example.com"))

    assert (receipt.message_id, receipt.channel, receipt.state) == (MESSAGE, "email", state)
    assert receipt.reason == reason
    assert receipt.permanent is permanent
    assert receipt.recipients == ("kari@example.com",)


def test_the_event_s_own_time_is_kept():
    assert read_ses_event(ses_event("Bounce", MESSAGE, "kari@example.com")).at == datetime(
        2017, 8, 5, 0, 41, 2, 669000, tzinfo=UTC
    )


def test_a_feedback_notification_reads_like_an_event():
    document = ses_event("Bounce", MESSAGE, "kari@example.com")
    document["notificationType"] = document.pop("eventType")

    assert read_ses_event(document).state == "bounced"


def test_our_tags_are_read_and_ses_s_own_left_out():
    receipt = read_ses_event(ses_event("Delivery", MESSAGE, "kari@example.com", org="acme", kind="invitation"))

    assert receipt.tags == {"org": "acme", "kind": "invitation"}


def test_a_transient_bounce_does_not_mark_the_address():
    document = ses_event("Bounce", MESSAGE, "kari@example.com")
    document["bounce"]["bounceType"] = "Transient"

    receipt = read_ses_event(document)

    assert receipt.state == "bounced" and not receipt.marks_undeliverable


@pytest.mark.parametrize("document", [{"eventType": "Open", "mail": {"messageId": MESSAGE}}, {"eventType": "Send"}, []])
def test_what_is_not_a_delivery_event_is_refused(document):
    with pytest.raises(UnreadableReceiptError):
        read_ses_event(document)


def test_sms_receipts_read_as_delivered_or_failed_with_the_carrier_s_words():
    delivered = read_sms_log(sms_log("34d9b400-c6dd-5444-820d-fbeb0f1f54cf", "+4791234567", success=True))
    failed = read_sms_log(sms_log("1077257a-92f7-5ebe-9cd3-d3ee57b54b43", "+4791234567", success=False))

    assert (delivered.channel, delivered.state) == ("sms", "delivered")
    assert delivered.at == datetime(2016, 6, 28, 0, 40, 34, 558000, tzinfo=UTC)
    assert (failed.state, failed.reason) == ("failed", "Unknown error attempting to reach phone")


@pytest.mark.parametrize(
    ("address", "outcome"),
    [
        ("bounce@simulator.amazonses.com", "bounce"),
        ("bounce+kari@simulator.amazonses.com", "bounce"),
        ("Complaint+x@Simulator.AmazonSES.com", "complaint"),
        ("ooto@simulator.amazonses.com", "ooto"),
        ("suppressionlist@simulator.amazonses.com", "suppressionlist"),
        ("success+1@simulator.amazonses.com", "success"),
        ("bounce@example.com", None),
        ("other@simulator.amazonses.com", None),
    ],
)
def test_the_mailbox_simulator_reads_labels_as_ses_does(address, outcome):
    assert simulator_outcome(address) == outcome


def test_the_simulator_s_events_read_as_ses_s_own():
    sent = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    events = simulated_events(MESSAGE, ["complaint@simulator.amazonses.com"], "hr@acme.example", sent)

    states = [read_ses_event(document).state for document in events]

    assert states == ["pending", "delivered", "complained"]


def test_an_address_is_undeliverable_only_while_it_is_the_one_that_bounced():
    assert undeliverable("Kari@Example.com", "kari@example.com")
    assert not undeliverable("kari@exmaple.com", "kari@example.com")
    assert not undeliverable(None, "kari@example.com")


def test_a_derived_link_is_made_again_the_same_and_differs_per_interview():
    first = derived_token(b"secret", "answer-link", "acme", "int_1", "nonce")

    assert derived_token(b"secret", "answer-link", "acme", "int_1", "nonce") == first
    assert derived_token(b"secret", "answer-link", "acme", "int_2", "nonce") != first
    assert derived_token(b"other", "answer-link", "acme", "int_1", "nonce") != first
    assert 40 <= len(first) <= 64 and len(token_hash(first)) == 64


def _decide(channel: str, mobile: str | None, email_undeliverable: bool):
    now = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
    return decide(
        {"status": "scheduled", "channel": channel, "send_on": "2026-12-05"},
        today=now.date(),
        now=now,
        start_utc=datetime(2026, 12, 7, 9, 0, tzinfo=UTC),
        cancelled=False,
        confirmation="pending",
        mobile=mobile,
        claimed_until=None,
        email_undeliverable=email_undeliverable,
    )


def test_an_email_reminder_to_an_undeliverable_address_is_skipped_and_says_why():
    decision = _decide("email", None, email_undeliverable=True)

    assert (decision.action, decision.reason) == ("skip", "undeliverable")


def test_the_sms_part_still_goes_when_the_address_is_undeliverable():
    assert _decide("email_sms", "+4791234567", email_undeliverable=True).parts == ("sms",)
    assert _decide("email_sms", "+4791234567", email_undeliverable=False).parts == ("email", "sms")
