"""What became of a message: the delivery states, their order, and reading the receipts AWS publishes.

Email: SES event publishing (a configuration set's event destination) sends one JSON document per
event, `{"eventType": "Send" | "Delivery" | "Bounce" | "Complaint" | "Reject" | "DeliveryDelay" ...,
"mail": {"messageId", "timestamp", "destination", "tags", ...}, "<event>": {...}}`; SES's older
identity notifications name it `notificationType` instead, and are read the same way.
SMS: SNS's SMS delivery status logs, one JSON document per message,
`{"notification": {"messageId", "timestamp"}, "delivery": {"destination", "providerResponse", ...},
"status": "SUCCESS" | "FAILURE"}`.

Pure: documents come in, `Receipt`s go out. A state only ever moves up its rank, so duplicate and
out-of-order events cannot move it back (a late DeliveryDelay does not undo a Delivery).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

# pending: accepted by SES or SNS, nothing heard since. Then, in the order they may overtake each other:
RANK = {
    "pending": 0,
    "delayed": 1,  # SES keeps trying (the receiving server answered "later")
    "delivered": 2,  # the receiving server (or the phone carrier) took it
    "failed": 3,  # the SMS did not reach the phone
    "rejected": 3,  # SES refused to send it (a virus, say)
    "bounced": 3,  # the receiving server refused it
    "complained": 4,  # the applicant marked it as spam (comes after a delivery)
}
STATES = tuple(RANK)
PROBLEM_STATES = ("bounced", "complained", "rejected", "failed")

# What each email was, as SES tags (and the delivery record) name it.
KINDS = (
    "invitation",
    "reschedule",
    "cancellation",
    "reminder",
    "email",
    "offer",
    "contract",
    "access_link",
    "rating_request",
    "forward",
    "team",  # an interviewer's calendar mail
    "answer_notice",  # to the inviting recruiter
    "slot_offer",  # the slots an applicant may choose from
    "renewal",  # the question whether to keep a saved profile
)


@dataclass(frozen=True)
class Receipt:
    """One delivery event, as far as we need it."""

    message_id: str
    channel: str  # email | sms
    state: str
    at: datetime
    reason: str | None = None
    permanent: bool = False  # a hard bounce, or a complaint: the address must not be mailed again
    recipients: tuple[str, ...] = ()  # the addresses (or number) the event is about
    tags: dict[str, str] = field(default_factory=dict)  # our SES message tags, first value of each

    @property
    def rank(self) -> int:
        return RANK[self.state]

    @property
    def marks_undeliverable(self) -> bool:
        return self.channel == "email" and self.state in ("bounced", "complained") and self.permanent


class UnreadableReceiptError(ValueError):
    """Not a delivery event we know (an Open or Click event, a subscription confirmation, garbage)."""


def pending(message_id: str, at: datetime) -> dict[str, Any]:
    """The delivery of a message SES or SNS has just accepted, as an interview carries it."""
    return {"message_id": message_id, "state": "pending", "rank": RANK["pending"], "at": at.isoformat()}


_MESSAGE_ID = re.compile(r"^[A-Za-z0-9-]{8,100}$")


def looks_like_message_id(value: str) -> bool:
    """SES's and SNS's message ids: letters, digits and dashes (no lookup for anything else)."""
    return _MESSAGE_ID.fullmatch(value) is not None


def as_map(value: Any) -> dict[str, Any]:
    """A stored delivery map as a plain dict (PynamoDB hands raw maps back as dicts or map objects)."""
    if value is None:
        return {}
    return value.as_dict() if hasattr(value, "as_dict") else dict(value)


def public(value: Any) -> dict[str, Any] | None:
    """A delivery as the API shows it: state, when, why (the message id and rank stay inside)."""
    data = as_map(value)
    if not data.get("state"):
        return None
    return {"state": data["state"], "at": data.get("at"), "reason": data.get("reason")}


def moves_forward(current: str | None, new: str) -> bool:
    return current is None or RANK[new] > RANK.get(current, -1)


def _instant(value: str | None, fallback: datetime | None = None) -> datetime:
    if not value:
        if fallback is None:
            raise UnreadableReceiptError("the event has no time")
        return fallback
    text = value.strip().replace("Z", "+00:00")
    if "T" not in text and " " in text:  # SNS SMS logs: "2016-06-28 00:40:34.558", UTC
        text = text.replace(" ", "T", 1)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise UnreadableReceiptError(f"unreadable time {value!r}") from exc
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _addresses(entries: list[Any] | None) -> tuple[str, ...]:
    result = []
    for entry in entries or []:
        address = entry.get("emailAddress") if isinstance(entry, dict) else entry
        if isinstance(address, str):
            result.append(address)
    return tuple(result)


def _tags(mail: dict[str, Any]) -> dict[str, str]:
    tags = mail.get("tags") or {}
    return {name: values[0] for name, values in tags.items() if isinstance(values, list) and values and ":" not in name}


def read_ses_event(document: dict[str, Any]) -> Receipt:
    """One SES event document (event publishing or a feedback notification) as a Receipt."""
    if not isinstance(document, dict):
        raise UnreadableReceiptError("not a JSON object")
    kind = document.get("eventType") or document.get("notificationType")
    mail = document.get("mail") or {}
    message_id = mail.get("messageId")
    if not isinstance(message_id, str) or not message_id:
        raise UnreadableReceiptError("no mail.messageId")
    destination = tuple(address for address in mail.get("destination") or [] if isinstance(address, str))
    sent = _instant(mail.get("timestamp"), datetime(1970, 1, 1, tzinfo=UTC))
    common = {"message_id": message_id, "channel": "email", "tags": _tags(mail)}
    if kind == "Send":
        return Receipt(state="pending", at=sent, recipients=destination, **common)
    if kind == "Delivery":
        delivery = document.get("delivery") or {}
        return Receipt(
            state="delivered",
            at=_instant(delivery.get("timestamp"), sent),
            reason=delivery.get("smtpResponse"),
            recipients=tuple(delivery.get("recipients") or destination),
            **common,
        )
    if kind == "Bounce":
        bounce = document.get("bounce") or {}
        recipients = bounce.get("bouncedRecipients") or []
        diagnostic = next((r.get("diagnosticCode") for r in recipients if isinstance(r, dict)), None)
        bounce_type = bounce.get("bounceType") or "Undetermined"
        reason = f"{bounce_type}/{bounce.get('bounceSubType') or 'General'}"
        return Receipt(
            state="bounced",
            at=_instant(bounce.get("timestamp"), sent),
            reason=f"{reason}: {diagnostic}" if diagnostic else reason,
            permanent=bounce_type == "Permanent",
            recipients=_addresses(recipients) or destination,
            **common,
        )
    if kind == "Complaint":
        complaint = document.get("complaint") or {}
        feedback = complaint.get("complaintFeedbackType") or complaint.get("complaintSubType")
        return Receipt(
            state="complained",
            at=_instant(complaint.get("timestamp"), sent),
            reason=f"complaint: {feedback}" if feedback else "complaint",
            permanent=True,
            recipients=_addresses(complaint.get("complainedRecipients")) or destination,
            **common,
        )
    if kind == "Reject":
        reject = document.get("reject") or {}
        return Receipt(
            state="rejected", at=sent, reason=reject.get("reason") or "rejected", recipients=destination, **common
        )
    if kind == "DeliveryDelay":
        delay = document.get("deliveryDelay") or {}
        recipients = delay.get("delayedRecipients") or []
        diagnostic = next((r.get("diagnosticCode") for r in recipients if isinstance(r, dict)), None)
        reason = delay.get("delayType") or "delayed"
        return Receipt(
            state="delayed",
            at=_instant(delay.get("timestamp"), sent),
            reason=f"{reason}: {diagnostic}" if diagnostic else reason,
            recipients=_addresses(recipients) or destination,
            **common,
        )
    raise UnreadableReceiptError(f"not a delivery event: {kind!r}")


def read_sms_log(document: dict[str, Any]) -> Receipt:
    """One SNS SMS delivery status log entry as a Receipt."""
    if not isinstance(document, dict):
        raise UnreadableReceiptError("not a JSON object")
    notification = document.get("notification") or {}
    delivery = document.get("delivery") or {}
    message_id = notification.get("messageId")
    if not isinstance(message_id, str) or not message_id:
        raise UnreadableReceiptError("no notification.messageId")
    status = document.get("status")
    if status not in ("SUCCESS", "FAILURE"):
        raise UnreadableReceiptError(f"unknown SMS status {status!r}")
    destination = delivery.get("destination")
    return Receipt(
        message_id=message_id,
        channel="sms",
        state="delivered" if status == "SUCCESS" else "failed",
        at=_instant(notification.get("timestamp")),
        reason=delivery.get("providerResponse"),
        recipients=(destination,) if isinstance(destination, str) else (),
    )


def same_address(one: str | None, other: str | None) -> bool:
    """Email addresses compare without regard to case (as every mail provider we send to treats them)."""
    return bool(one) and bool(other) and one.strip().lower() == other.strip().lower()


def undeliverable(marked: str | None, current: str | None) -> bool:
    """The address an applicant now has is the one that bounced or complained: mail nothing to it."""
    return same_address(marked, current)


# SES mailbox simulator -------------------------------------------------------------------

SIMULATOR_DOMAIN = "simulator.amazonses.com"


def simulator_outcome(address: str) -> str | None:
    """What SES's mailbox simulator does with an address (labels as SES reads them: `bounce+kari@`)."""
    local, _, domain = address.strip().lower().rpartition("@")
    if domain != SIMULATOR_DOMAIN:
        return None
    base = local.partition("+")[0]
    return base if base in ("success", "bounce", "ooto", "complaint", "suppressionlist") else None


def simulated_events(
    message_id: str, destination: list[str], source: str, sent_at: datetime, tags: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """The event documents SES would publish for a message to its mailbox simulator, in the order it would.

    Only simulator addresses get an outcome (every message gets its Send event); the documents follow
    AWS's published examples, so they go through the same reader as AWS's own.
    """
    from datetime import timedelta

    def stamp(seconds: float) -> str:
        return (sent_at + timedelta(seconds=seconds)).isoformat(timespec="milliseconds").replace("+00:00", "Z")

    mail = {
        "timestamp": stamp(0),
        "source": source,
        "sendingAccountId": "123456789012",
        "messageId": message_id,
        "destination": list(destination),
        "headersTruncated": False,
        "tags": {"ses:configuration-set": ["rendezvous-local"], **{k: [v] for k, v in (tags or {}).items()}},
    }
    events: list[dict[str, Any]] = [{"eventType": "Send", "mail": mail, "send": {}}]
    for address in destination:
        outcome = simulator_outcome(address)
        delivered = {
            "eventType": "Delivery",
            "mail": mail,
            "delivery": {
                "timestamp": stamp(0.5),
                "processingTimeMillis": 500,
                "recipients": [address],
                "smtpResponse": "250 2.6.0 Message received",
                "reportingMTA": "a8-70.smtp-out.amazonses.com",
            },
        }
        if outcome in ("success", "ooto"):
            events.append(delivered)  # ooto: delivered, and an auto-reply goes to the sender (not an event)
        elif outcome in ("bounce", "suppressionlist"):
            events.append(
                {
                    "eventType": "Bounce",
                    "mail": mail,
                    "bounce": {
                        "bounceType": "Permanent",
                        "bounceSubType": "General" if outcome == "bounce" else "Suppressed",
                        "bouncedRecipients": [
                            {
                                "emailAddress": address,
                                "action": "failed",
                                "status": "5.1.1",
                                "diagnosticCode": "smtp; 550 5.1.1 user unknown"
                                if outcome == "bounce"
                                else "Amazon SES has suppressed sending to this address because it has a recent "
                                "history of bouncing as an invalid address.",
                            }
                        ],
                        "timestamp": stamp(0.5),
                        "feedbackId": f"{message_id}-bounce",
                        "reportingMTA": "dns; amazonses.com",
                    },
                }
            )
        elif outcome == "complaint":
            events.append(delivered)
            events.append(
                {
                    "eventType": "Complaint",
                    "mail": mail,
                    "complaint": {
                        "complainedRecipients": [{"emailAddress": address}],
                        "timestamp": stamp(1),
                        "feedbackId": f"{message_id}-complaint",
                        "userAgent": "Amazon SES Mailbox Simulator",
                        "complaintFeedbackType": "abuse",
                        "arrivalDate": stamp(1),
                    },
                }
            )
    return events
