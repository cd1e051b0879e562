"""The due-reminders index and the claim/mark writes that make each reminder go at most once."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.domain.delivery import as_map, pending
from chalicelib.domain.reminders import NOT_REMINDED_STATUSES
from chalicelib.store.connection import connection
from chalicelib.store.errors import failed_positions, unless_condition_failed
from chalicelib.store.interviews import DUE, new_link
from chalicelib.store.models import APPLICANT_ITEM, Applicant, Interview, collection_key, interview_item_key


def due_page(today: date, cursor: dict[str, Any] | None, limit: int) -> tuple[list[Interview], dict[str, Any] | None]:
    """Up to `limit` scheduled reminders with send_on on or before today, after `cursor` (a DynamoDB key, as JSON
    can carry it), and the next cursor: a Query on the sparse index, never a Scan."""
    results = Interview.reminders_due.query(
        DUE,
        Interview.reminder_due_key <= f"{today.isoformat()}#\uffff",
        limit=limit,
        last_evaluated_key=cursor,
    )
    items = list(results)
    return items, (results.last_evaluated_key if len(items) == limit else None)


def snapshot(interview: Interview) -> str:
    """The interview as read from the index, carried in the queue message so the worker need not read it again."""
    return json.dumps(interview.to_dynamodb_dict(), separators=(",", ":"))


def from_snapshot(data: str) -> Interview:
    interview = Interview()
    interview.from_dynamodb_dict(json.loads(data))
    if not interview.item_key:  # a message enqueued before the interviews moved into the collection
        interview.applicant_key = collection_key(interview.org, interview.applicant_id)
        interview.item_key = interview_item_key(interview.interview_id)
    return interview


def reload(interview: Interview) -> Interview | None:
    try:
        return Interview.get(interview.applicant_key, interview.item_key, consistent_read=True)
    except Interview.DoesNotExist:
        return None


def claim(interview: Interview, until: datetime, link_hash: str | None) -> str:
    """Claim the reminder: `claimed`, `stale` (the interview changed since read) or `applicant` (out of process)."""
    actions = [Interview.reminder_claimed_until.set(until)]
    if link_hash:
        actions.append(Interview.answer_links.set(Interview.answer_links.append([link_hash])))
    try:
        with TransactWrite(connection=connection()) as transaction:
            transaction.update(interview, actions=actions)
            transaction.condition_check(
                Applicant,
                collection_key(interview.org, interview.applicant_id),
                APPLICANT_ITEM,
                # still in the process, and still on this interview's vacancy (not transferred away)
                condition=Applicant.applicant_id.exists()
                & ~Applicant.status.is_in(*NOT_REMINDED_STATUSES)
                & (Applicant.vacancy_id == interview.vacancy_id),
            )
            if link_hash:
                transaction.save(new_link(link_hash, interview))
    except TransactWriteError as exc:
        # PynamoDB sends condition checks first and updates last.
        failed = failed_positions(exc)
        if not failed:
            raise
        reasons = getattr(exc, "cancellation_reasons", None) or []
        return "stale" if len(reasons) - 1 in failed else "applicant"
    interview.reminder_claimed_until = until
    return "claimed"


def finish(
    interview: Interview,
    status: str,
    reason: str = "",
    sent_at: datetime | None = None,
    receipts: dict[str, str] | None = None,
    delivery_at: datetime | None = None,
) -> bool:
    """Record the outcome and leave the index. False when the interview changed meanwhile."""
    reminder = dict(interview.reminder or {})
    reminder["status"] = status
    if reason:
        reminder["reason"] = reason
        if reason == "answer":
            reminder["skipped_for"] = "answer"
    if receipts:
        reminder["receipts"] = receipts
    interview.reminder = reminder
    actions = [
        Interview.reminder.set(reminder),
        Interview.reminder_claimed_until.remove(),
        Interview.reminder_due.remove(),
        Interview.reminder_due_key.remove(),
    ]
    if sent_at is not None:
        actions.append(Interview.reminder_sent_at.set(sent_at))
    for part, slot in (("email", "reminder_delivery"), ("sms", "reminder_sms_delivery")):
        message_id = (receipts or {}).get(part)
        if message_id and delivery_at and as_map(getattr(interview, slot)).get("message_id") != message_id:
            value = pending(message_id, delivery_at)
            setattr(interview, slot, value)
            actions.append(getattr(Interview, slot).set(value))
    with unless_condition_failed() as failed:
        interview.update(actions=actions)
    return not failed


def release(interview: Interview, sent_parts: list[str], errors: int | None = None) -> None:
    """Give the claim back after a sending error, noting what did go, so the retry sends only the rest,
    and how many definite send errors the reminder has had (throttling is not one)."""
    reminder = dict(interview.reminder or {})
    reminder["sent_parts"] = sorted(set(reminder.get("sent_parts", [])) | set(sent_parts))
    if errors is not None:
        reminder["errors"] = errors
    with unless_condition_failed():
        interview.update(actions=[Interview.reminder_claimed_until.remove(), Interview.reminder.set(reminder)])
