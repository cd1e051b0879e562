"""An applicant's answer recorded on their interview, wherever it was given (the answer page, an offer's page)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.domain.answers import ANSWERS, reminder_after
from chalicelib.domain.history import history_event


def record(interview: Any, given: str, now: datetime, change: Any | None = None) -> str:
    """The confirmation, the reminder brought back if the answer does that, the applicant's withdrawal and
    their history event, in one transaction: `recorded`, `stale` (the interview changed since read) or
    `applicant` (their status no longer allows the answer); with `change` (the link's count, see
    store.links.counted_as_seen) also `too_many` (the link's changes this hour are used up)."""
    from chalicelib.store import interviews

    confirmation = ANSWERS[given]
    event = history_event(
        now, "applicant", "answered", interview_id=interview.interview_id, answer=given, confirmation=confirmation
    )
    return interviews.record_answer(
        interview,
        confirmation,
        event,
        now,
        reminder=reminder_after(confirmation, interview.reminder),
        withdraw=given == "withdraw",
        change=change,
    )
