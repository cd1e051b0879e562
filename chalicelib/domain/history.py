"""An event of an applicant's history: when, by whom, what, and the details that say more."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def history_event(now: datetime, by: str, event: str, **details: Any) -> dict[str, Any]:
    """`by` is a recruiter's user id, "applicant", "reviewer" or "system"; details that are None are left out."""
    entry = {"at": now.isoformat(), "by": by, "event": event}
    entry.update({key: value for key, value in details.items() if value is not None})
    return entry
