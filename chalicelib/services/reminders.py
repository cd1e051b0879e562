"""The reminder job: the 08:00 UTC schedule enqueues what is due, the queue handler sends it.

"Today" is the UTC date of the schedule event's own time, and the queue
message carries that instant, so a run can be replayed and never reads the
wall clock. The rules of what goes, and the at-most-once promise, are in
chalicelib.domain.reminders.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from chalicelib.domain.languages import pick
from chalicelib.domain.localize import InterviewFacts, tag_values
from chalicelib.domain.reminders import claim_until, decide
from chalicelib.domain.sms import plain
from chalicelib.domain.tags import CONFIRM_LINK, has_tag, render

log = logging.getLogger("rendezvous.reminders")

from chalicelib.local import MAX_RECEIVES  # noqa: E402 - the queue's redrive maxReceiveCount


class RetryLaterError(Exception):
    """The message goes back to the queue, to be tried again after a backoff."""


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


def parse_instant(value: str | datetime) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def enqueue_due(event_time: str | datetime) -> dict[str, Any]:
    """Put every due reminder on the queue; duplicates (a schedule delivered twice) are harmless."""
    from chalicelib.notify import queue
    from chalicelib.store import reminders as store

    run_at = parse_instant(event_time)
    today = run_at.date()
    bodies = [
        json.dumps({"interview": store.snapshot(interview), "run_at": run_at.isoformat(), "today": today.isoformat()})
        for interview in store.due(today)
    ]
    queue.send(bodies)
    log.info("reminders enqueued", extra={"count": len(bodies), "today": today.isoformat()})
    return {"enqueued": len(bodies), "today": today.isoformat()}


def facts(interview: Any) -> InterviewFacts:
    first, _, last = (interview.applicant_name or "").partition(" ")
    return InterviewFacts(
        first_name=interview.applicant_first_name or first,
        last_name=interview.applicant_last_name or last,
        vacancy_title=interview.vacancy_title,
        type=interview.type,
        start_utc=interview.start_utc,
        timezone=interview.timezone,
        duration_minutes=int(interview.duration_minutes),
        location=interview.location,
        language=interview.applicant_language,
        attendees=interview.attendees or [],
    )


def send_parts(
    interview: Any, parts: tuple[str, ...], link: str | None, now: datetime, sent: list[str], receipts: dict[str, str]
) -> None:
    """Send each part not sent yet, recording as it goes so a failure half-way resends nothing."""
    from chalicelib.notify import email, sms
    from chalicelib.notify.compose import interview_email
    from chalicelib.services import organisations
    from chalicelib.store import organisations as organisation_store
    from chalicelib.templating import texts

    reminder = interview.reminder or {}
    organisation = organisation_store.settings(interview.org)  # read once for the sender and the SMS sender ID
    language = interview.applicant_language
    catalog = texts(language)["reminder"]
    about = facts(interview)
    for part in parts:
        if part in sent:
            continue
        if part == "email":
            invitation = interview.invitation or {}
            sender, reply_to = organisations.sender_or_default(interview.org, invitation.get("from"), organisation)
            message = interview_email(
                about,
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
            )
            message.reply_to = reply_to
            receipts["email"] = email.send(message, retry=False, org=interview.org)
        else:
            text = pick(reminder.get("sms_text"), language) or catalog["sms"]
            values = tag_values(about, texts(language), link)
            receipts["sms"] = sms.send(
                interview.applicant_mobile,
                plain(render(text, values)),
                retry=False,
                sender_id=organisation["sms_sender_id"],
            )
        sent.append(part)


Clock = Callable[[], datetime]


def process(body: str, receive_count: int = 1, clock: Clock | None = None) -> Sent:
    """Handle one queue message. Raises RetryLaterError to have the queue try again.

    The rules (due today? started?) use the run's own instant, so a replayed run
    decides as the original did. Claim leases are about real elapsed time: they use
    the clock when it is later, so a message retried an hour on sees the claims
    that expired meanwhile.
    """
    from chalicelib.domain.tokens import new_token
    from chalicelib.services.invitations import link_url
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
        over = _over_budget(interview, decision.parts, now)
        if over is not None:
            # Skipped, visibly: the recruiter sees on the interview why no reminder went.
            record(interview, "skipped", over, list((interview.reminder or {}).get("sent_parts", [])), {})
            return Sent(outcomes=["skipped"])
        return send_claimed(interview, decision.parts, link_url(token) if token else None, now, receive_count)
    raise RetryLaterError("the interview kept changing while the reminder was being sent")


def _over_budget(interview: Any, parts: tuple[str, ...], now: datetime) -> str | None:
    """Count the parts still to go against the organisation's budget of the day they go; the budget
    they would exceed, if any (then nothing is counted and nothing goes)."""
    from chalicelib.services import organisations

    already = set((interview.reminder or {}).get("sent_parts", []))
    emails = int("email" in parts and "email" not in already)
    sms = int("sms" in parts and "sms" not in already)
    over = organisations.reserve(interview.org, now, emails=emails, sms=sms)
    return None if over is None else f"over the {over}"


def send_claimed(interview: Any, parts: tuple[str, ...], link: str | None, now: datetime, receive_count: int) -> Sent:
    """Send what the claim covers, then record the outcome whatever else changed the interview meanwhile."""
    from botocore.exceptions import BotoCoreError, ClientError, ConnectTimeoutError, EndpointConnectionError

    from chalicelib.store import reminders as store

    reminder = interview.reminder or {}
    already = list(reminder.get("sent_parts", []))
    sent = list(already)
    receipts: dict[str, str] = dict(reminder.get("receipts", {}))
    try:
        send_parts(interview, parts, link, now, sent, receipts)
    except (ClientError, EndpointConnectionError, ConnectTimeoutError) as exc:
        # SES/SNS answered with a refusal, or was never reached: nothing went, so trying again is safe.
        if receive_count >= MAX_RECEIVES:
            record(interview, "failed", f"sending failed {receive_count} times: {exc}", sent, receipts)
            raise  # the last try: the message goes on to the dead-letter queue
        store.release(interview, sent)
        raise RetryLaterError(str(exc)) from exc
    except BotoCoreError as exc:
        # A timeout or a dropped connection after the request went out: it may have been sent.
        # Not sending again is the promise (never a duplicate), so the reminder is failed, visibly.
        record(interview, "failed", f"uncertain whether it was sent ({exc}); not sent again", sent, receipts)
        return Sent(outcomes=["failed"])
    except Exception as exc:
        # A message we cannot even build will not build on a retry either.
        log.exception("reminder could not be sent")
        record(interview, "failed", f"could not be sent: {exc}", sent, receipts)
        return Sent(outcomes=["failed"])
    record(interview, "sent", "", sent, receipts, sent_at=now)
    newly = [part for part in parts if part not in already]
    return Sent(emails=int("email" in newly), sms=int("sms" in newly), outcomes=["sent"])


def record(
    interview: Any, status: str, reason: str, sent: list[str], receipts: dict[str, str], sent_at: datetime | None = None
) -> None:
    """The outcome must be written even if the interview changed while sending (an answer, a contact update)."""
    from chalicelib.store import reminders as store

    current = interview
    for _attempt in range(3):
        current.reminder = {**(current.reminder or {}), "sent_parts": sent}
        if store.finish(current, status, reason, sent_at=sent_at, receipts=receipts):
            return
        current = store.reload(current)
        if current is None:
            return
    log.error("could not record a reminder outcome", extra={"interview_id": interview.interview_id, "status": status})


def backoff_seconds(receive_count: int) -> int:
    return min(900, 30 * 2 ** max(0, receive_count - 1))


def deliver(records: list[tuple[str, str | None, int]], clock: Clock | None = None) -> dict[str, int]:
    """The queue handler: process a batch; on any failure delete what succeeded and fail the batch."""
    from chalicelib.notify import queue

    total = Sent()
    succeeded: list[str] = []
    failures = 0
    for body, receipt_handle, receive_count in records:
        try:
            total.add(process(body, receive_count, clock))
            if receipt_handle:
                succeeded.append(receipt_handle)
        except RetryLaterError as exc:
            failures += 1
            log.warning("reminder will be retried", extra={"reason": str(exc), "receive_count": receive_count})
            if receipt_handle:
                _quietly(queue.delay, receipt_handle, backoff_seconds(receive_count))
        except Exception:
            failures += 1
            log.exception("reminder delivery failed", extra={"receive_count": receive_count})
    if failures:
        for receipt_handle in succeeded:
            _quietly(queue.delete, receipt_handle)
        raise RuntimeError(f"{failures} of {len(records)} reminder messages failed; they will be retried")
    return total.as_dict()


def _quietly(call: Callable[..., Any], *args: Any) -> None:
    """Queue housekeeping must not hide the real failure: log and go on."""
    try:
        call(*args)
    except Exception:
        log.exception("queue housekeeping failed")


def drain(clock: Clock | None = None, max_rounds: int = 1000) -> Sent:
    """Local stage: receive and process until the queue has nothing visible, as the queue handler would."""
    from chalicelib.notify import queue

    total = Sent()
    for _round in range(max_rounds):
        messages = queue.receive()
        if not messages:
            break
        for message in messages:
            receive_count = int(message.get("Attributes", {}).get("ApproximateReceiveCount", "1"))
            try:
                total.add(process(message["Body"], receive_count, clock))
                queue.delete(message["ReceiptHandle"])
            except RetryLaterError:
                queue.delay(message["ReceiptHandle"], backoff_seconds(receive_count))
            except Exception:
                log.exception("reminder delivery failed")
                queue.delay(message["ReceiptHandle"], backoff_seconds(receive_count))
    return total


def run_locally(at: datetime) -> dict[str, int]:
    """/dev/reminders/run: enqueue as the 08:00 UTC schedule would at `at`, then drain the queue in-process."""
    enqueue_due(at)
    return drain(clock=wall_clock).as_dict()


def wall_clock() -> datetime:
    """Only for claim leases, which are about real elapsed time; never for 'today'."""
    return datetime.now(UTC)
