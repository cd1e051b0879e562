"""When two interviews clash: the rule behind the `attendee_busy` and `applicant_busy` warnings."""

from __future__ import annotations

from datetime import datetime, timedelta

# An interview that will not take place blocks nobody's time.
NOT_TAKING_PLACE = ("declined",)


def overlaps(start: datetime, end: datetime, other_start: datetime, other_end: datetime) -> bool:
    """Half-open intervals: an interview ending at 10:00 does not clash with one starting at 10:00."""
    return start < other_end and other_start < end


def blocks(cancelled: bool, confirmation: str) -> bool:
    """Whether an existing interview still takes up its attendees' and applicant's time."""
    return not cancelled and confirmation not in NOT_TAKING_PLACE


def end_of(start: datetime, duration_minutes: int) -> datetime:
    return start + timedelta(minutes=duration_minutes)


def same_group(group_id: str | None, other_group_id: str | None) -> bool:
    """The applicants of one group interview sit together with the same panel: they never clash."""
    return group_id is not None and group_id == other_group_id
