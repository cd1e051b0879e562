"""The reminder job at scale (issue 4, "Measured").

With 20 000 interviews of which 200 have a reminder due, the 08:00 run should
read no more than the due ones (the sparse index), and take about as long as
with 2 000 interviews and the same 200 due. The run is the real path: the
schedule's enqueue, then the queue drained in-process, sending through moto.

    .venv/bin/python scripts/bench_reminders.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchkit import CALLS, NOW, embedded_app, goal_line, interview_item, main, save_all

DUE = 200
RUN_AT = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
DUE_START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # Monday 10:00 in Oslo; reminded 2 days before


def seed(org: str, total: int) -> None:
    from chalicelib.store import applicants as applicant_store
    from chalicelib.store.models import Applicant

    people = [
        applicant_store.new(
            org,
            f"apl_bench_{n:06d}",
            "vac_bench",
            NOW,
            first_name="Bench",
            last_name=f"Person{n}",
            email=f"bench{n}@example.com",
            status="invited",
        )
        for n in range(DUE)
    ]
    save_all(people)
    items = []
    for number in range(total):
        if number < DUE:
            reminder = {"channel": "email_sms", "days_before": 2, "send_on": "2026-12-05", "status": "scheduled"}
            start = DUE_START
        elif number % 2:  # scheduled for later: in the index, but not due
            start = DUE_START + timedelta(days=7 + number % 300)
            send_on = (start.date() - timedelta(days=2)).isoformat()
            reminder = {"channel": "email", "days_before": 2, "send_on": send_on, "status": "scheduled"}
        else:  # no reminder: not in the index at all
            start = DUE_START + timedelta(days=number % 300)
            reminder = {"channel": "none", "days_before": None, "send_on": None, "status": "none"}
        items.append(interview_item(org, number, start, "in_person", reminder, f"apl_bench_{number % DUE:06d}"))
    save_all(items)
    assert Applicant.by_org.count(org) == DUE


@contextmanager
def without_whole_table_rollback_copies() -> Iterator[None]:
    """moto backs up every table a TransactWriteItems touches with a deep copy, O(table size) per
    transaction, a cost of the emulator that DynamoDB does not have and that would swamp what this
    measures. Skip that copy while timing; no transaction in the run may fail (checked below), so
    nothing relies on the rollback."""
    import copy

    import moto.dynamodb.models as dynamodb_models
    from moto.dynamodb.models.table import Table

    class TablesUncopied:
        @staticmethod
        def deepcopy(value: object, memo: dict | None = None) -> object:
            return value if isinstance(value, Table) else copy.deepcopy(value, memo)

    dynamodb_models.copy = TablesUncopied  # type: ignore[assignment]
    try:
        yield
    finally:
        dynamodb_models.copy = copy


def run(total: int) -> tuple[int, float, dict[str, int]]:
    from chalicelib.services.reminders import local_drain

    with embedded_app() as recruiter, without_whole_table_rollback_copies():
        seed(recruiter.org, total)
        with CALLS.record() as calls:
            started = time.perf_counter()
            sent = local_drain.run_locally(RUN_AT)
            elapsed = time.perf_counter() - started
    if sent != {"emails": DUE, "sms": DUE} or calls.by_operation["TransactWriteItems"] != DUE:
        raise RuntimeError(f"expected {DUE} emails, SMS and claims, the run sent {sent}: {calls.by_operation}")
    return calls.items_read, elapsed, sent


PAIRS = int(os.environ.get("BENCH_REMINDER_PAIRS", "2"))


def bench_reminder_run() -> list[str]:
    """A warm-up run pays every first-use cost (imports, templates, clients); then PAIRS pairs, the two
    sizes alternating, and the line is the median of the pairs' ratios."""
    run(2_000)
    ratios, large_read, large_time, small_time = [], 0, 0.0, 0.0
    for _ in range(PAIRS):
        _, small_time, _ = run(2_000)
        large_read, large_time, _ = run(20_000)
        ratios.append(large_time / small_time)
    return [
        goal_line(
            f"reminder run, 20 000 interviews, {DUE} due: items read / reminders due", round(large_read / DUE, 2), 1.1
        )
        + f" [{large_read} items]",
        goal_line(
            f"reminder run time, 20 000 vs 2 000 interviews ({DUE} due each)",
            round(statistics.median(ratios), 2),
            1.2,
            "x",
        )
        + f" [median of {PAIRS} pairs after a warm-up: {', '.join(f'{ratio:.2f}' for ratio in ratios)};"
        + f" last {large_time:.2f} s vs {small_time:.2f} s]",
    ]


ALL = [bench_reminder_run]

if __name__ == "__main__":
    main(ALL)
