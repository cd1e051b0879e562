"""Offered slots: which are still open, what state an offer is in, and whether a slot fits its reminder.

Pure: every slot is a plain value and `now` a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from chalicelib.domain.errors import InvalidInputError
from chalicelib.domain.schedule import local, to_instant

MIN_SLOTS = 2
MAX_SLOTS = 20
OFFER_STATES = ("open", "booked", "expired", "declined")


@dataclass(frozen=True)
class Slot:
    """One offered start and its places, as stored."""

    key: str
    start_utc: datetime
    local_start: str  # wall-clock "YYYY-MM-DDTHH:MM" in the offer's zone: what the applicant posts back
    capacity: int
    taken: int
    withdrawn: bool

    def is_open(self, now: datetime) -> bool:
        """On the page: not withdrawn, not full, not begun."""
        return not self.withdrawn and self.taken < self.capacity and self.start_utc > now


def open_slots(slots: list[Slot], now: datetime) -> list[Slot]:
    return sorted((slot for slot in slots if slot.is_open(now)), key=lambda slot: slot.start_utc)


def offer_state(stored: str, respond_by: datetime | None, slots: list[Slot], now: datetime) -> str:
    """`booked` and `declined` as stored; an open offer past `respond_by` or with no open slot is `expired`."""
    if stored != "open":
        return stored
    if respond_by is not None and respond_by <= now:
        return "expired"
    return "open" if open_slots(slots, now) else "expired"


def wall_clock(start_utc: datetime, timezone: str) -> str:
    return local(start_utc, timezone).strftime("%Y-%m-%dT%H:%M")


def slot_instants(starts: list[datetime], timezone: str, now: datetime, field: str = "slots") -> list[datetime]:
    """Each wall-clock start as the instant it stands for in `timezone` (DST-correct), each checked.

    A start a DST change skips, a start in the past or the same start twice is a 422 naming `slots.<i>`.
    """
    seen: dict[datetime, int] = {}
    instants = []
    for index, start in enumerate(starts):
        where = f"{field}.{index}"
        instant = to_instant(start, timezone, field=where)
        if instant <= now:
            raise InvalidInputError.field(where, "is in the past")
        if instant in seen:
            raise InvalidInputError.field(where, f"the same start as {field}.{seen[instant]}")
        seen[instant] = index
        instants.append(instant)
    return instants


def reminder_fits(start_utc: datetime, timezone: str, now: datetime, days_before: int | None) -> bool:
    """The reminder rule of POST /interviews: the interview's local date minus today's, both in the
    interview's zone, is at least `days_before`. A slot where it does not is booked without a reminder."""
    if days_before is None:
        return True
    return (local(start_utc, timezone).date() - local(now, timezone).date()).days >= days_before
