"""Delivery records and the delivery state written onto what each message was (interview, applicant).

Every write here is conditional on the rank of the state it replaces, so duplicate and out-of-order
events never move a state back; and on the message it is about, so a late event of an earlier
invitation does not overwrite what became of the one resent after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from pynamodb.transactions import TransactWrite

from chalicelib.domain.delivery import RANK, Receipt, same_address
from chalicelib.domain.errors import NotFoundError
from chalicelib.store import history
from chalicelib.store.connection import connection
from chalicelib.store.errors import unless_condition_failed
from chalicelib.store.models import (
    APPLICANT_ITEM,
    INTERVIEW_PREFIX,
    Applicant,
    Delivery,
    Interview,
    collection_key,
    interview_item_key,
)

RETENTION = timedelta(days=90)  # SES and SNS report within days; the record holds ids only
SLOTS = ("invitation_delivery", "reminder_delivery", "reminder_sms_delivery")


def record_sent(record: Delivery) -> None:
    """What the message is (`sent`): written once, when SES or SNS accepted it (a repeat changes nothing)."""
    with unless_condition_failed():
        record.save(condition=Delivery.message_id.does_not_exist())


def sent(
    org: str,
    message_id: str,
    channel: str,
    kind: str,
    now: datetime,
    *,
    applicant_id: str | None = None,
    interview_id: str | None = None,
    panel_id: str | None = None,
) -> Delivery:
    """The record of a message SES or SNS just accepted, `pending`, to be saved alone or in a transaction."""
    return Delivery(
        message_id,
        org=org,
        channel=channel,
        kind=kind,
        applicant_id=applicant_id,
        interview_id=interview_id,
        panel_id=panel_id,
        applicant_key=collection_key(org, applicant_id) if applicant_id else None,
        state="pending",
        rank=RANK["pending"],
        at=now,
        sent_at=now,
        expires_at=now + RETENTION,
    )


def personal_items(applicant: Applicant) -> Iterator[Delivery]:
    """The records of messages about the applicant, for purge (they hold ids only, but ids of theirs)."""
    yield from Delivery.by_applicant.query(collection_key(applicant.org, applicant.applicant_id))


def find(message_id: str) -> Delivery | None:
    try:
        return Delivery.get(message_id, consistent_read=True)
    except Delivery.DoesNotExist:
        return None


def states(message_ids: list[str]) -> dict[str, Delivery]:
    """Many records at once (the local outbox): BatchGetItem, 100 keys a request."""
    found: dict[str, Delivery] = {}
    unique = list(dict.fromkeys(message_ids))
    for start in range(0, len(unique), 100):
        for record in Delivery.batch_get(unique[start : start + 100]):
            found[record.message_id] = record
    return found


def get_for(org: str, message_id: str) -> Delivery:
    """A recruiter's look at one of their organisation's messages; another organisation's is not found."""
    record = find(message_id)
    if record is None or record.org != org:
        raise NotFoundError(f"No message {message_id}.")
    return record


def advance(record: Delivery, receipt: Receipt) -> bool:
    """Move the record to the receipt's state if that is further on; False for a duplicate or a step back."""
    actions = [
        Delivery.state.set(receipt.state),
        Delivery.rank.set(receipt.rank),
        Delivery.at.set(receipt.at),
    ]
    if receipt.reason:
        actions.append(Delivery.reason.set(receipt.reason[:500]))
    with unless_condition_failed() as failed:
        record.update(actions=actions, condition=Delivery.message_id.exists() & (Delivery.rank < receipt.rank))
    return not failed


def _unread_interview(org: str, applicant_id: str, interview_id: str) -> Interview:
    interview = Interview(org, interview_id, applicant_id=applicant_id)
    interview.version = 0  # ADD version 1: a blind write that concurrent version-checked writes still notice
    return interview


def set_interview_delivery(
    org: str, interview_id: str, slot: str, receipt: Receipt, applicant_id: str | None = None
) -> bool:
    """Write the receipt's state into the interview's `slot`, if the slot is about this message and behind.

    The interview's version stays as it is: a delivery event is not an edit, and a recruiter's
    If-Match taken a second before must still hold. A recruiter's write of the whole interview is
    instead conditional on the delivery states it read (store.interviews.save_changed), so neither
    overwrites the other.

    The record carries the applicant id, so the write goes straight to the interview's key; a
    record without one asks the `by_interview` index where the interview is."""
    assert slot in SLOTS
    if applicant_id is None:
        located = next(iter(Interview.by_interview.query(f"{org}#{interview_id}", limit=1)), None)
        if located is None:
            return False
        applicant_id = located.applicant_id
    attribute = getattr(Interview, slot)
    value = {
        "message_id": receipt.message_id,
        "state": receipt.state,
        "rank": receipt.rank,
        "at": receipt.at.isoformat(),
    }
    if receipt.reason:
        value["reason"] = receipt.reason[:500]
    condition = (attribute["message_id"] == receipt.message_id) & (attribute["rank"] < receipt.rank)
    with unless_condition_failed() as failed:
        Interview._get_connection().update_item(
            collection_key(org, applicant_id),
            interview_item_key(interview_id),
            actions=[attribute.set(value)],
            condition=condition,
        )
    return not failed


def mark_undeliverable(org: str, applicant_id: str, address: str, receipt: Receipt, event: dict[str, Any]) -> bool:
    """The applicant's address bounced for good or complained: mark it on the applicant (with a history
    event, in one transaction) and on their interviews, if it is still their address. False otherwise."""
    try:
        applicant = Applicant.get(collection_key(org, applicant_id), APPLICANT_ITEM, consistent_read=True)
    except Applicant.DoesNotExist:
        return False
    if not same_address(applicant.email, address):
        return False  # corrected meanwhile: the new address has done nothing wrong
    mark = {
        "address": applicant.email,
        "state": receipt.state,
        "reason": (receipt.reason or receipt.state)[:500],
        "at": receipt.at.isoformat(),
        "message_id": receipt.message_id,
    }
    with unless_condition_failed() as failed, TransactWrite(connection=connection()) as transaction:
        transaction.update(
            applicant,
            actions=[Applicant.email_undeliverable.set(mark)],
            # still the address that bounced, and not marked for this very message already (a retried event)
            condition=(Applicant.email == applicant.email)
            & (
                Applicant.email_undeliverable.does_not_exist()
                | (Applicant.email_undeliverable["message_id"] != receipt.message_id)
            ),
            add_version_condition=False,
        )
        transaction.save(history.item(org, applicant_id, event))
    if failed:
        return False
    key = collection_key(org, applicant_id)
    for interview in Interview.query(key, Interview.item_key.startswith(INTERVIEW_PREFIX)):
        if not same_address(interview.applicant_email, address):
            continue
        with unless_condition_failed():
            _unread_interview(org, applicant_id, interview.interview_id).update(
                actions=[Interview.undeliverable_email.set(applicant.email)],
                condition=Interview.applicant_email == applicant.email,
                add_version_condition=False,
            )
    return True


def add_history(org: str, applicant_id: str, event: dict[str, Any]) -> None:
    from chalicelib.store.interviews import add_history as append

    append(org, applicant_id, event)
