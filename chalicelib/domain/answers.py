"""An applicant's answer to an interview invitation, and what it does to the interview's reminder."""

from __future__ import annotations

from typing import Any

ANSWERS = {
    "accept": "accepted",
    "decline": "declined",
    "reschedule": "reschedule_requested",
    "withdraw": "not_applicable",
}
"""The answers the applicant can give (their link, a booked slot's offer page), and the confirmation each sets."""

REMINDED = ("pending", "accepted")
"""Confirmations for which a reminder still goes (the reminders rule)."""


def reminder_after(confirmation: str, reminder: dict[str, Any] | None) -> dict[str, Any] | None:
    """The reminder scheduled again, if this answer brings back one an earlier answer had skipped
    (declined, then accepted before the interview: the reminder goes after all); else None."""
    current = dict(reminder or {})
    if confirmation in REMINDED and current.get("status") == "skipped" and current.get("skipped_for") == "answer":
        current["status"] = "scheduled"
        current.pop("skipped_for", None)
        return current
    return None
