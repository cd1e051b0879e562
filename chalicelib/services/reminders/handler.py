"""The queue handler: the SQS protocol around one reminder's delivery.

Each message is handled on its own and the handler answers which failed (a partial batch
response). A retry we expect goes back to the queue after a backoff; throttling that outlasted the
invocation sends the message again as a new one, so its receive count starts over and it can never
reach the dead-letter queue for SES's or SNS's rate alone.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from chalicelib import observability
from chalicelib.domain.pacing import jittered
from chalicelib.services.reminders.delivery import (
    Budget,
    Clock,
    Organisations,
    RetryLaterError,
    Sent,
    ThrottledError,
    process,
)

log = logging.getLogger("rendezvous.reminders")


def deliver(
    event: dict[str, Any], clock: Clock | None = None, time_left: Callable[[], float] | None = None
) -> dict[str, Any]:
    """The queue handler: each message on its own, answering which failed (SQS partial batch response).

    A failed message is reported, not raised: the rest of the batch is deleted by the event source
    mapping, the failed ones come back after their backoff (or go on to the dead-letter queue after
    the fifth try), and the function's Errors metric (and its alarm) stays for real errors (a crash,
    a timeout). `time_left` is the invocation's remaining time in milliseconds.
    """
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    budget = Budget(time_left) if time_left is not None else Budget.seconds(20)
    known = Organisations()

    def handle(record: Any) -> Sent:
        receive_count = int(record.attributes.approximate_receive_count or 1)
        return deliver_message(record.body, record.receipt_handle, receive_count, clock, budget, known)

    processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
    return process_partial_response(event=event, record_handler=handle, processor=processor)


def deliver_message(
    body: str,
    receipt_handle: str | None,
    receive_count: int,
    clock: Clock | None = None,
    budget: Budget | None = None,
    known: Organisations | None = None,
) -> Sent:
    """One queue message. A failure is logged here and raised, so that the message goes back to the queue:
    after a backoff for a retry we expect (an error SES or SNS answered, a lost race), at once for anything
    else. Throttling instead sends the message again as a new one with a jittered delay, and succeeds."""
    from chalicelib.notify import queue

    try:
        sent = process(body, receive_count, clock, budget, known)
    except ThrottledError as exc:
        log.warning("reminder throttled; sent again later", extra={"reason": str(exc)})
        observability.count("RemindersThrottled")
        queue.send_later(body, throttled_delay(), group=_org_of(body))
        return Sent(outcomes=["throttled"])
    except RetryLaterError as exc:
        log.warning("reminder will be retried", extra={"reason": str(exc), "receive_count": receive_count})
        observability.count("RemindersRetried")
        if receipt_handle:
            _quietly(queue.delay, receipt_handle, backoff_seconds(receive_count))
        raise
    except Exception:
        log.exception("reminder delivery failed", extra={"receive_count": receive_count})
        observability.count("ReminderDeliveryErrors")
        raise
    count_outcomes(sent)
    return sent


def backoff_seconds(receive_count: int) -> int:
    return min(900, 30 * 2 ** max(0, receive_count - 1))


def throttled_delay() -> int:
    """Seconds before a throttled reminder is tried again: 30 to 150, jittered so a burst spreads out."""
    return int(30 + jittered(2, base=30, cap=120))


def _org_of(body: str) -> str | None:
    from chalicelib.store import reminders as store

    try:
        return store.from_snapshot(json.loads(body)["interview"]).org
    except (ValueError, KeyError, TypeError):
        return None


def count_outcomes(sent: Sent) -> None:
    """Metrics: reminders sent per channel (email, sms), and those skipped or failed."""
    observability.count("RemindersSent", sent.emails, channel="email")
    observability.count("RemindersSent", sent.sms, channel="sms")
    for outcome in ("skipped", "failed"):
        observability.count(f"Reminders{outcome.capitalize()}", sent.outcomes.count(outcome))


def _quietly(call: Callable[..., Any], *args: Any) -> None:
    """Queue housekeeping must not hide the real failure: log and go on."""
    try:
        call(*args)
    except Exception:
        log.exception("queue housekeeping failed")
