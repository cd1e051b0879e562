"""Interview times and reminder dates, in the interview's own time zone. Pure: 'now' is a parameter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from chalicelib.domain.errors import InvalidInputError
from chalicelib.domain.invitations import REMINDER_DAYS


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def zone(name: str) -> ZoneInfo:
    """An IANA zone by name; a directory ("Europe") or a file that is no zone is refused."""
    if name not in _known_zones():
        raise InvalidInputError.field("timezone", f"unknown time zone {name!r}; use an IANA name like Europe/Oslo")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidInputError.field("timezone", f"unknown time zone {name!r}; use an IANA name") from None


def parse_instant(value: str | datetime) -> datetime:
    """An instant a job is given (a schedule event's `time`, a queued message's `run_at`), as an aware UTC datetime."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def to_instant(local_start: datetime, timezone: str, field: str = "start") -> datetime:
    """The instant a wall-clock time in `timezone` stands for; refuses times a DST change skips."""
    tz = zone(timezone)
    if local_start.tzinfo is not None:
        raise InvalidInputError.field(field, "give wall-clock time without an offset; the time zone says where")
    if local_start.second or local_start.microsecond:
        raise InvalidInputError.field(field, "give hours and minutes only, like 2026-12-07T10:00")
    aware = local_start.replace(tzinfo=tz)
    round_trip = aware.astimezone(UTC).astimezone(tz)
    if round_trip.replace(tzinfo=None) != local_start:
        raise InvalidInputError.field(field, f"{local_start:%Y-%m-%d %H:%M} does not exist in {timezone} (DST change)")
    return aware.astimezone(UTC)


def local(instant: datetime, timezone: str) -> datetime:
    return instant.astimezone(zone(timezone))


@dataclass(frozen=True)
class Times:
    start: datetime  # aware, in the interview's zone
    end: datetime
    start_utc: datetime


def times(start_utc: datetime, timezone: str, duration_minutes: int) -> Times:
    start = local(start_utc, timezone)
    end = local(start_utc + timedelta(minutes=duration_minutes), timezone)
    return Times(start=start, end=end, start_utc=start_utc)


def send_on(interview_local_date: date, days_before: int) -> date:
    """Calendar days, weekends included: a Monday interview with 2 days is reminded on Saturday."""
    return interview_local_date - timedelta(days=days_before)


def check_reminder_days(days_before: int) -> None:
    if days_before not in REMINDER_DAYS:
        raise InvalidInputError.field("reminder.days_before", f"must be one of {', '.join(map(str, REMINDER_DAYS))}")


def check_start(start_utc: datetime, timezone: str, now: datetime, days_before: int | None) -> None:
    """The start must be in the future, and far enough away for the reminder."""
    if start_utc <= now:
        raise InvalidInputError.field("start", "is in the past")
    if days_before is None:
        return
    check_reminder_days(days_before)
    days_away = (local(start_utc, timezone).date() - local(now, timezone).date()).days
    if days_away < days_before:
        raise InvalidInputError.field(
            "reminder.days_before",
            f"the interview is {days_away} day(s) away, fewer than the {days_before} days before it the reminder "
            "would go",
        )
