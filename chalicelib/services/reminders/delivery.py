"""One reminder, at most once: claim it, send its parts through notify at the account's pace, record the outcome.

The rules (due today? started?) use the run's own instant carried by the queue message; the rules of
what goes, and the at-most-once promise, are in chalicelib.domain.reminders, the pacing rules in
chalicelib.domain.pacing.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from chalicelib import config, observability
from chalicelib.domain.delivery import undeliverable
from chalicelib.domain.languages import pick
from chalicelib.domain.localize import tag_values
from chalicelib.domain.pacing import (
    MAX_ERRORS,
    TokenBucket,
    is_throttling,
    jittered,
    per_worker_rate,
    refill_wait,
)
from chalicelib.domain.reminders import claim_until, decide
from chalicelib.domain.schedule import parse_instant
from chalicelib.domain.sms import plain
from chalicelib.domain.tags import CONFIRM_LINK, has_tag, render

log = logging.getLogger("rendezvous.reminders")


class RetryLaterError(Exception):
    """The message goes back to the queue, to be tried again after a backoff."""


class ThrottledError(RetryLaterError):
    """SES or SNS kept throttling until the invocation had no time left: the message comes back later as a
    new message (its receive count starts over, so throttling never pushes it into the dead-letter queue)."""


@dataclass
class Budget:
    """How long this invocation may still wait: for the send rate, for throttling, between retries."""

    time_left_ms: Callable[[], float]
    margin_ms: float = 5_000
    sleep: Callable[[float], None] = time.sleep

    def allows(self, seconds: float) -> bool:
        return self.time_left_ms() - seconds * 1000 > self.margin_ms

    @classmethod
    def seconds(cls, seconds: float) -> Budget:
        deadline = time.monotonic() + seconds
        return cls(lambda: (deadline - time.monotonic()) * 1000)


class Organisations:
    """Each organisation's settings and limits, read once per queue batch (or local drain) however many of
    its reminders the batch holds; a new batch reads them again, so a change reaches the next one."""

    def __init__(self) -> None:
        self._settings: dict[str, dict[str, Any]] = {}
        self._limits: dict[str, Any] = {}

    def settings(self, org: str) -> dict[str, Any]:
        from chalicelib.store import organisations as store

        if org not in self._settings:
            self._settings[org] = store.settings(org)
        return self._settings[org]

    def limits(self, org: str) -> Any:
        from chalicelib.store import organisations as store

        if org not in self._limits:
            self._limits[org] = store.limits(org)
        return self._limits[org]


_WORKER = threading.local()  # a worker is a Lambda instance (one thread); locally, a thread of its own


def account_rate(channel: str) -> float:
    return config.ses_max_send_rate() if channel == "email" else config.sms_max_send_rate()


def bucket(channel: str) -> TokenBucket:
    """This worker's share of the account's rate for the channel (kept as long as the worker lives): the
    pace it falls back to when the account's clock cannot be read."""
    rate = per_worker_rate(account_rate(channel), config.reminder_max_concurrency())
    buckets = _WORKER.__dict__.setdefault("buckets", {})
    key = (channel, rate)
    if key not in buckets:
        buckets[key] = TokenBucket(rate)
    return buckets[key]


def wait_for_slot(
    channel: str, clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep
) -> None:
    """Take the next slot of the account's clock, shared by every worker, and wait until it comes.

    One clock for all workers spaces the sends evenly at the account's rate: no two collide, and a
    worker that is busy (a slow batch, a retry) or idle (between batches) leaves its slots to the
    others. When the clock cannot be read, this worker paces itself at its share instead.
    """
    wait = slot_wait(channel, clock)
    if wait > 0:
        sleep(wait)


def slot_wait(channel: str, clock: Callable[[], float] = time.time) -> float:
    """Take the next slot of the account's clock: the seconds until it comes (0 once this worker has paced
    itself at its share, when the clock cannot be read)."""
    from chalicelib.domain.errors import UnavailableError
    from chalicelib.store import pacing as store

    try:
        slot = store.take_slot(channel, 1.0 / max(account_rate(channel), 0.001), clock())
    except UnavailableError:
        log.warning("the send rate's clock could not be read; pacing at this worker's share")
        bucket(channel).acquire()
        return 0.0
    return max(0.0, slot - clock())


def paced(channel: str, send: Callable[[], str], budget: Budget) -> str:
    """Send in the account's next free slot. A throttled send (never an error of the reminder) goes again in
    a slot of its own from the account's clock, so that it lands between the other workers' sends rather
    than on them; while the throttling goes on it also backs off, about one slot of the account's rate and
    doubling (the account's real rate may be lower than the one configured)."""
    from botocore.exceptions import ClientError

    wait_for_slot(channel)
    for attempt in itertools.count():
        try:
            return send()
        except ClientError as exc:
            error = exc.response.get("Error", {})
            if not is_throttling(str(error.get("Code", "")), str(error.get("Message", ""))):
                raise
            observability.count("SendsThrottled", channel=channel)
            wait = slot_wait(channel) + (refill_wait(attempt - 1, account_rate(channel)) if attempt else 0.0)
            if not budget.allows(wait):
                raise ThrottledError(f"{channel} throttled: {exc}") from exc
            budget.sleep(wait)
    raise AssertionError("unreachable")


@dataclass
class Sent:
    emails: int = 0
    sms: int = 0
    outcomes: list[str] = field(default_factory=list)

    def add(self, other: Sent) -> None:
        self.emails += other.emails
        self.sms += other.sms
        self.outcomes += other.outcomes

    def as_dict(self) -> dict[str, int]:
        return {"emails": self.emails, "sms": self.sms}


def send_parts(
    interview: Any,
    parts: tuple[str, ...],
    link: str | None,
    now: datetime,
    sent: list[str],
    receipts: dict[str, str],
    budget: Budget,
    known: Organisations,
) -> None:
    """Send each part not sent yet, recording as it goes so a failure half-way resends nothing."""
    from chalicelib.domain.languages import written_in
    from chalicelib.notify import email, sms
    from chalicelib.notify.compose import interview_email
    from chalicelib.notify.ics import partstat
    from chalicelib.services import organisations
    from chalicelib.templating import texts

    reminder = interview.reminder or {}
    organisation = known.settings(interview.org)  # for the sender and the SMS sender ID
    language = interview.applicant_language
    catalog = texts(language)["reminder"]
    from chalicelib.services.team import facts

    about = facts(interview)
    for part in parts:
        if part in sent:
            continue
        if part == "email":
            invitation = interview.invitation or {}
            sender, reply_to = organisations.sender_or_default(interview.org, invitation.get("from"), organisation)
            written = written_in(reminder.get("body"), language)  # labels and dates follow the recruiter's text
            message = interview_email(
                replace(about, language=written),
                interview.interview_id,
                int(interview.sequence or 0),
                now,
                sender=sender,
                to=interview.applicant_email,
                subject=pick(reminder.get("subject"), language) or catalog["subject"],
                body=pick(reminder.get("body"), language) or catalog["body"],
                link=link,
                include_link=False,
                signature=pick(reminder.get("signature"), language),
                purpose="reminder",
                partstat=partstat(interview.confirmation),
            )
            message.reply_to = reply_to
            receipts["email"] = paced(
                "email", functools.partial(email.send, message, retry=False, org=interview.org), budget
            )
            track_part(interview, receipts["email"], "email", now)
        else:
            text = pick(reminder.get("sms_text"), language) or catalog["sms"]
            values = tag_values(about, texts(language), link)
            body = plain(render(text, values))
            receipts["sms"] = paced(
                "sms",
                functools.partial(
                    sms.send, interview.applicant_mobile, body, retry=False, sender_id=organisation["sms_sender_id"]
                ),
                budget,
            )
            track_part(interview, receipts["sms"], "sms", now)
        sent.append(part)


def track_part(interview: Any, message_id: str, channel: str, now: datetime) -> None:
    from chalicelib.services import deliveries

    deliveries.track(
        interview.org,
        message_id,
        "reminder",
        now,
        channel=channel,
        applicant_id=interview.applicant_id,
        interview_id=interview.interview_id,
    )


Clock = Callable[[], datetime]


def process(
    body: str,
    receive_count: int = 1,
    clock: Clock | None = None,
    budget: Budget | None = None,
    known: Organisations | None = None,
) -> Sent:
    """Handle one queue message. Raises RetryLaterError to have the queue try again.

    The rules (due today? started?) use the run's own instant, so a replayed run
    decides as the original did. Claim leases are about real elapsed time: they use
    the clock when it is later, so a message retried an hour on sees the claims
    that expired meanwhile.
    """
    from chalicelib.domain.links import public_url
    from chalicelib.domain.tokens import new_token
    from chalicelib.store import reminders as store

    message = json.loads(body)
    now = parse_instant(message["run_at"])
    lease_now = max(now, clock()) if clock is not None else now
    today = date.fromisoformat(message["today"])
    interview = store.from_snapshot(message["interview"])
    for _attempt in range(4):
        reminder = interview.reminder or {}
        decision = decide(
            reminder,
            today=today,
            now=now,
            lease_now=lease_now,
            start_utc=interview.start_utc,
            cancelled=bool(interview.cancelled),
            confirmation=interview.confirmation,
            mobile=interview.applicant_mobile,
            claimed_until=interview.reminder_claimed_until,
            email_undeliverable=undeliverable(interview.undeliverable_email, interview.applicant_email),
        )
        if decision.action == "done":
            return Sent(outcomes=["done"])
        if decision.action == "retry":
            raise RetryLaterError(decision.reason)
        if decision.action in ("skip", "fail"):
            status = "skipped" if decision.action == "skip" else "failed"
            if store.finish(interview, status, decision.reason):
                return Sent(outcomes=[status])
            interview = store.reload(interview)
            if interview is None:
                return Sent(outcomes=["gone"])
            continue
        wants_link = any(
            has_tag(pick(reminder.get(key), interview.applicant_language), CONFIRM_LINK)
            for key in ("body", "signature", "sms_text")
        )
        token, token_hash = new_token() if wants_link else (None, None)
        outcome = store.claim(interview, claim_until(lease_now), token_hash)
        if outcome == "applicant" and store.finish(interview, "skipped", "applicant"):
            return Sent(outcomes=["skipped"])
        if outcome != "claimed":
            interview = store.reload(interview)
            if interview is None:
                return Sent(outcomes=["gone"])
            continue
        known = known or Organisations()
        over = _over_budget(interview, decision.parts, now, known)
        if over is not None:
            # Skipped, visibly: the recruiter sees on the interview why no reminder went.
            record(interview, "skipped", over, list((interview.reminder or {}).get("sent_parts", [])), {})
            return Sent(outcomes=["skipped"])
        link = public_url("answer", token) if token else None
        return send_claimed(interview, decision.parts, link, now, budget or Budget.seconds(20), known)
    raise RetryLaterError("the interview kept changing while the reminder was being sent")


def _over_budget(interview: Any, parts: tuple[str, ...], now: datetime, known: Organisations) -> str | None:
    """Count the parts still to go against the organisation's budget of the day they go; the budget
    they would exceed, if any (then nothing is counted and nothing goes)."""
    from chalicelib.services import organisations

    already = set((interview.reminder or {}).get("sent_parts", []))
    emails = int("email" in parts and "email" not in already)
    sms = int("sms" in parts and "sms" not in already)
    over = organisations.reserve(interview.org, now, emails=emails, sms=sms, limits=known.limits(interview.org))
    return None if over is None else f"over the {over}"


def send_claimed(
    interview: Any, parts: tuple[str, ...], link: str | None, now: datetime, budget: Budget, known: Organisations
) -> Sent:
    """Send what the claim covers, then record the outcome whatever else changed the interview meanwhile.

    A definite error (SES or SNS answered and did not send, or was never reached) is tried again
    after a jittered wait while the invocation has time, else from the queue; the fifth fails the
    reminder. Throttling is waited out and never counts.
    """
    from botocore.exceptions import BotoCoreError, ClientError, ConnectTimeoutError, EndpointConnectionError

    from chalicelib.store import reminders as store

    reminder = interview.reminder or {}
    already = list(reminder.get("sent_parts", []))
    sent = list(already)
    receipts: dict[str, str] = dict(reminder.get("receipts", {}))
    errors = int(reminder.get("errors", 0))
    while True:
        try:
            send_parts(interview, parts, link, now, sent, receipts, budget, known)
            break
        except ThrottledError:
            store.release(interview, sent, errors)
            raise
        except (ClientError, EndpointConnectionError, ConnectTimeoutError) as exc:
            # SES/SNS answered with a refusal, or was never reached: nothing went, so trying again is safe.
            errors += 1
            observability.count("ReminderSendErrors")
            if errors >= MAX_ERRORS:
                record(interview, "failed", f"sending failed {errors} times: {exc}", sent, receipts, at=now)
                return Sent(outcomes=["failed"])
            wait = jittered(errors, base=0.5, cap=8)
            if budget.allows(wait):
                log.warning("reminder send failed; trying again", extra={"reason": str(exc), "errors": errors})
                budget.sleep(wait)
                continue
            store.release(interview, sent, errors)
            raise RetryLaterError(str(exc)) from exc
        except BotoCoreError as exc:
            # A timeout or a dropped connection after the request went out: it may have been sent.
            # Not sending again is the promise (never a duplicate), so the reminder is failed, visibly.
            reason = f"uncertain whether it was sent ({exc}); not sent again"
            record(interview, "failed", reason, sent, receipts, at=now)
            return Sent(outcomes=["failed"])
        except Exception as exc:
            # A message we cannot even build will not build on a retry either.
            log.exception("reminder could not be sent")
            record(interview, "failed", f"could not be sent: {exc}", sent, receipts, at=now)
            return Sent(outcomes=["failed"])
    record(interview, "sent", "", sent, receipts, sent_at=now)
    newly = [part for part in parts if part not in already]
    return Sent(emails=int("email" in newly), sms=int("sms" in newly), outcomes=["sent"])


def record(
    interview: Any,
    status: str,
    reason: str,
    sent: list[str],
    receipts: dict[str, str],
    sent_at: datetime | None = None,
    at: datetime | None = None,
) -> None:
    """The outcome must be written even if the interview changed while sending (an answer, a contact update)."""
    from chalicelib.store import reminders as store

    current = interview
    for _attempt in range(3):
        current.reminder = {**(current.reminder or {}), "sent_parts": sent}
        if store.finish(current, status, reason, sent_at=sent_at, receipts=receipts, delivery_at=at or sent_at):
            return
        current = store.reload(current)
        if current is None:
            return
    log.error("could not record a reminder outcome", extra={"interview_id": interview.interview_id, "status": status})


def wall_clock() -> datetime:
    """Only for claim leases, which are about real elapsed time; never for 'today'."""
    return datetime.now(UTC)
