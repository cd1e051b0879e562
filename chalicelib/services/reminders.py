"""The reminder job (built out by the reminders work)."""

from __future__ import annotations

from datetime import datetime


def enqueue_due(event_time: str) -> dict[str, int]:
    return {"enqueued": 0}


def deliver(bodies: list[str]) -> dict[str, int]:
    return {"emails": 0, "sms": 0}


def run_locally(at: datetime) -> dict[str, int]:
    return {"emails": 0, "sms": 0}
