"""The retention run at scale (issue 19, "Done when").

With 20 000 applicants of which 200 are due for deletion, the 09:00 run should read no more of
the sparse `retention_due` index than the applicants due: its cost follows what is due, not the
table. The run is the real path: the schedule's job, purging each due applicant through the
purge path (history, interviews, links, ratings, documents, the applicant).

    .venv/bin/python scripts/bench_retention.py
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_reminders import without_whole_table_rollback_copies
from benchkit import CALLS, embedded_app, goal_line, main, save_all

TOTAL = 20_000
DUE = 200
RUN_AT = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)
DUE_ACTIVITY = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # six months before the run: due on 2027-05-20
LATER = datetime(2027, 1, 2, 9, 0, tzinfo=UTC)  # the others' last activity from here on: due after the run


def seed(org: str) -> None:
    from chalicelib.domain import retention as rules
    from chalicelib.store import applicants as applicant_store
    from chalicelib.store import history
    from chalicelib.store import retention as retention_store

    people, events = [], []
    for number in range(TOTAL):
        applicant_id = f"apl_bench_{number:06d}"
        if number < DUE:
            status, last = "rejected", DUE_ACTIVITY
        elif number % 10 == 0:
            status, last = "hired", LATER  # outside the policy: not in the index at all
        elif number % 3 == 0:
            status, last = "saved", LATER + timedelta(days=number % 200)  # asked and deleted much later
        else:
            status, last = "invited", LATER + timedelta(days=number % 200)  # in the index, due later
        plan = rules.plan(rules.Facts(status=status, last_activity_at=last), rules.Policy())
        people.append(
            applicant_store.new(
                org,
                applicant_id,
                "vac_bench",
                last,
                first_name="Bench",
                last_name=f"Person{number}",
                email=f"bench{number}@example.com",
                status=status,
                last_activity_at=last,
                **retention_store.fields(org, applicant_id, plan),
            )
        )
        if number < DUE:
            events.append(history.item(org, applicant_id, {"at": last.isoformat(), "by": "bench", "event": "rejected"}))
    save_all(people)
    save_all(events)


def bench_retention_run() -> list[str]:
    from chalicelib.services import retention

    with embedded_app() as recruiter, without_whole_table_rollback_copies():
        seed(recruiter.org)
        with CALLS.record() as calls:
            started = time.perf_counter()
            report = retention.run(RUN_AT)
            elapsed = time.perf_counter() - started
        index_read = calls.items_by_index["retention_due"]
    if report["purged"] != DUE or report["failed"] or report["changed"]:
        raise RuntimeError(f"expected {DUE} purged, the run reported {report}")
    requests = len(calls.names)
    return [
        goal_line(
            f"retention run: items read / applicants due ({TOTAL:_} applicants, {DUE} due)".replace("_", " "),
            round(index_read / DUE, 2),
            1.1,
        )
        + f" [{index_read} index items; {calls.items_read} items read in all, purges included;"
        f" {requests} requests, {requests / DUE:.1f} per purge; {elapsed:.1f} s]",
    ]


ALL = [bench_retention_run]

if __name__ == "__main__":
    main(ALL)
