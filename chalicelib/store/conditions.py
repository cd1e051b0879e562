"""Telling a lost race (a condition that no longer held) from a failure of the store."""

from __future__ import annotations

from typing import Any

CONDITION_CODES = ("ConditionalCheckFailed", "TransactionConflict")


def failed_positions(exc: Any) -> list[int]:
    """Which items of a cancelled transaction failed their condition, by position."""
    reasons = getattr(exc, "cancellation_reasons", None) or []
    return [index for index, reason in enumerate(reasons) if reason is not None and reason.code in CONDITION_CODES]


def lost_race(exc: Any) -> bool:
    """A conditional write or a transaction that someone else's change made fail."""
    code = getattr(exc, "cause_response_code", None)
    if code == "ConditionalCheckFailedException":
        return True
    return code == "TransactionCanceledException" and bool(failed_positions(exc))
