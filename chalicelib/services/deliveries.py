"""What became of each email and SMS: recorded when it is sent, moved on by the events SES and SNS publish.

Email events come from the stage's SES configuration set through an SNS topic (app.email_events);
SMS receipts from SNS's SMS delivery status logs through a CloudWatch Logs subscription
(app.sms_receipts); the local runner feeds the mailbox simulator's events to the same functions.
An event finds its record by the message id (one GetItem); the organisation comes from that record,
never from the event, so a tag cannot lead an event into another tenant.
"""

from __future__ import annotations

import base64
import gzip
import json
import logging
from datetime import datetime
from typing import Any

from chalicelib import observability
from chalicelib.domain.delivery import Receipt, UnreadableReceiptError, read_ses_event, read_sms_log

log = logging.getLogger("rendezvous.deliveries")

# Emails that go to the applicant's own address: a hard bounce or a complaint marks it undeliverable.
# (A forwarded CV goes to someone else, a rating request to a reviewer.)
TO_APPLICANT = (
    "invitation",
    "reschedule",
    "cancellation",
    "reminder",
    "email",
    "offer",
    "contract",
    "access_link",
    "slot_offer",
    "renewal",
)


def track(
    org: str,
    message_id: str | None,
    kind: str,
    now: datetime,
    *,
    channel: str = "email",
    applicant_id: str | None = None,
    interview_id: str | None = None,
    panel_id: str | None = None,
) -> None:
    """Note what a message SES or SNS just accepted is. It went already: a failure here is logged, not raised."""
    from chalicelib.store import deliveries as store

    if not message_id:
        return
    try:
        store.record_sent(
            store.sent(
                org,
                message_id,
                channel,
                kind,
                now,
                applicant_id=applicant_id,
                interview_id=interview_id,
                panel_id=panel_id,
            )
        )
    except Exception:
        log.exception("could not record a sent message", extra={"message_id": message_id, "kind": kind})


UNDELIVERABLE = {
    "code": "undeliverable",
    "message": "The applicant's email address bounced or complained; correct it before emailing them again.",
}


def slot_for(kind: str, channel: str) -> str | None:
    if kind == "invitation":
        return "invitation_delivery"
    if kind == "reminder":
        return "reminder_sms_delivery" if channel == "sms" else "reminder_delivery"
    return None


def receive(receipt: Receipt) -> str:
    """Record one event: `recorded`, `unchanged` (a duplicate or a step back), `unknown` or `mismatch`."""
    from chalicelib.domain.history import history_event
    from chalicelib.store import deliveries as store

    record = store.find(receipt.message_id)
    if record is None:
        log.info("delivery event for an unknown message dropped", extra={"message_id": receipt.message_id})
        observability.count("DeliveryEventsUnknown", channel=receipt.channel)
        return "unknown"
    tagged = receipt.tags.get("org")
    if tagged is not None and tagged != record.org:
        log.warning("delivery event tagged with another organisation dropped", extra={"message_id": receipt.message_id})
        observability.count("DeliveryEventsMismatched", channel=receipt.channel)
        return "mismatch"
    advanced = store.advance(record, receipt)
    # The writes below are conditional on rank and message, so doing them again (an event retried after
    # a crash half-way) changes nothing; they run even when the record did not move.
    slot = slot_for(record.kind, record.channel)
    if slot and record.interview_id:
        store.set_interview_delivery(record.org, record.interview_id, slot, receipt, record.applicant_id)
    about_applicant = record.channel == "email" and record.kind in TO_APPLICANT and record.applicant_id
    if about_applicant and receipt.state in ("bounced", "complained"):
        event = history_event(
            receipt.at,
            "ses",
            f"email_{receipt.state}",
            kind=record.kind,
            message_id=receipt.message_id,
            interview_id=record.interview_id,
            reason=receipt.reason,
            permanent=receipt.permanent,
        )
        address = receipt.recipients[0] if receipt.recipients else None
        marked = False
        if receipt.marks_undeliverable and address:
            marked = store.mark_undeliverable(record.org, record.applicant_id, address, receipt, event)
        if not marked and advanced:
            store.add_history(record.org, record.applicant_id, event)
    if advanced:
        observability.count("DeliveryEvents", channel=receipt.channel, state=receipt.state)
        log.info(
            "delivery recorded",
            extra={"message_id": receipt.message_id, "kind": record.kind, "state": receipt.state},
        )
    return "recorded" if advanced else "unchanged"


def on_email_events(event: dict[str, Any]) -> dict[str, int]:
    """The SNS-subscribed function: each record's message is one SES event document."""
    outcomes: dict[str, int] = {}
    for record in event.get("Records") or []:
        message = (record.get("Sns") or {}).get("Message") or ""
        outcome = receive_ses_document(message)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def receive_ses_document(message: str | dict[str, Any]) -> str:
    try:
        document = json.loads(message) if isinstance(message, str) else message
        receipt = read_ses_event(document)
    except (ValueError, UnreadableReceiptError) as exc:
        log.info("not a delivery event; ignored", extra={"reason": str(exc)[:200]})
        return "ignored"
    return receive(receipt)


def on_sms_logs(event: dict[str, Any]) -> dict[str, int]:
    """The function subscribed to SNS's SMS delivery status log groups (a CloudWatch Logs subscription)."""
    outcomes: dict[str, int] = {}
    try:
        data = json.loads(gzip.decompress(base64.b64decode(event["awslogs"]["data"])))
    except (KeyError, TypeError, ValueError, OSError) as exc:
        log.warning("not a CloudWatch Logs event; ignored", extra={"reason": str(exc)[:200]})
        return {"ignored": 1}
    for entry in data.get("logEvents") or []:
        try:
            receipt = read_sms_log(json.loads(entry.get("message") or ""))
        except (ValueError, UnreadableReceiptError) as exc:
            log.info("not an SMS delivery log; ignored", extra={"reason": str(exc)[:200]})
            outcome = "ignored"
        else:
            outcome = receive(receipt)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def states(message_ids: list[str]) -> dict[str, dict[str, Any]]:
    """What became of each of these messages, as far as we know (the local outbox shows it)."""
    from chalicelib.store import deliveries as store

    return {
        message_id: {"state": record.state, "reason": record.reason, "kind": record.kind}
        for message_id, record in store.states(message_ids).items()
    }


def view(record: Any) -> dict[str, Any]:
    return {
        "message_id": record.message_id,
        "channel": record.channel,
        "kind": record.kind,
        "state": record.state,
        "at": record.at,
        "reason": record.reason,
        "sent_at": record.sent_at,
        "applicant_id": record.applicant_id,
        "interview_id": record.interview_id,
        "panel_id": record.panel_id,
    }


def message(recruiter: Any, message_id: str) -> dict[str, Any]:
    """GET /messages/{message_id}: what became of one message the organisation sent."""
    from chalicelib.domain.delivery import looks_like_message_id
    from chalicelib.domain.errors import NotFoundError
    from chalicelib.store import deliveries as store

    if not looks_like_message_id(message_id):
        raise NotFoundError(f"No message {message_id[:100]}.")
    return view(store.get_for(recruiter.org, message_id))
