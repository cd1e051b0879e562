"""What to do with a due reminder. Pure: the state and 'now' come in, a decision goes out.

Delivery is at most once per reminder. A worker claims the reminder with a
conditional write before it sends and marks it sent after; a claim that
expired without the mark means a worker died while sending. We cannot know
whether the email or SMS went, so we do not send again (an applicant must never
get a duplicate SMS): the reminder is marked `failed` with that reason, where
the recruiter sees it. SES or SNS errors are not crashes: they are tried again,
and the fifth definite error fails the reminder; throttling is waited out and
never counts (chalicelib.domain.pacing). A reminder throttled until its
interview starts is `skipped` as `too_late`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from chalicelib.domain.invitations import EMAIL_CHANNELS, SMS_CHANNELS

REMINDED_CONFIRMATIONS = ("pending", "accepted")
NOT_REMINDED_STATUSES = ("withdrawn", "rejected", "deleted")
CLAIM_SECONDS = 120  # shorter than the queue's visibility timeout


@dataclass(frozen=True)
class Decision:
    action: str  # "send", "skip", "fail", "retry", "done"
    reason: str = ""
    parts: tuple[str, ...] = ()


def parts(channel: str, mobile: str | None) -> tuple[str, ...]:
    """Email when the channel has it; SMS when it has it and there is a number to send to."""
    result = []
    if channel in EMAIL_CHANNELS:
        result.append("email")
    if channel in SMS_CHANNELS and mobile:
        result.append("sms")
    return tuple(result)


def decide(
    reminder: dict,
    *,
    today: date,
    now: datetime,
    start_utc: datetime,
    cancelled: bool,
    confirmation: str,
    mobile: str | None,
    claimed_until: datetime | None,
    lease_now: datetime | None = None,
    email_undeliverable: bool = False,
) -> Decision:
    """`now` is the run's instant (the rules); `lease_now` the real time, for claims."""
    lease_now = lease_now or now
    status = reminder.get("status")
    if status != "scheduled":
        return Decision("done", f"reminder is {status}")
    if reminder.get("send_on") and date.fromisoformat(reminder["send_on"]) > today:
        return Decision("done", "not due yet (rescheduled)")
    if cancelled:
        return Decision("skip", "cancelled")
    if start_utc <= now:
        return Decision("skip", "started")
    if start_utc <= lease_now:
        # the run was in time, but its message came back too often (throttled) to reach the applicant first
        return Decision("skip", "too_late")
    if confirmation not in REMINDED_CONFIRMATIONS:
        return Decision("skip", "answer")
    if claimed_until is not None:
        if claimed_until > lease_now:
            return Decision("retry", "another worker is sending it")
        return Decision("fail", "a worker stopped while sending; not sent again to avoid a duplicate")
    channels = parts(reminder.get("channel", "none"), mobile)
    if email_undeliverable and "email" in channels:
        # the address bounced for good or complained: nothing more is emailed to it (an SMS part still goes)
        channels = tuple(part for part in channels if part != "email")
        if not channels:
            return Decision("skip", "undeliverable")
    if not channels:
        return Decision("skip", "no_mobile")
    return Decision("send", parts=channels)


def claim_until(now: datetime) -> datetime:
    return now + timedelta(seconds=CLAIM_SECONDS)
