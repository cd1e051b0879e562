"""DynamoDB requests per applicant of a bulk recruitment action (issue 6: goal at most 2).

Creates a vacancy with 100 applicants in moto, then rejects them all with one
`POST /applicants/actions` through the Chalice test client, counting the
DynamoDB requests of that call (scripts/benchkit.py).

    .venv/bin/python scripts/bench_actions.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchkit import CALLS, NOW, Recruiter, embedded_app, goal_line, main

APPLICANTS = 100


def add_applicants(recruiter: Recruiter, vacancy_id: str, count: int) -> list[str]:
    """Written in batches: setting up is not what is measured."""
    from chalicelib.domain.history import history_event
    from chalicelib.domain.ids import new_id
    from chalicelib.store import applicants as store
    from chalicelib.store import history
    from chalicelib.store.models import ApplicantItem

    ids = [new_id("apl", NOW) for _ in range(count)]
    with ApplicantItem.batch_write() as batch:
        for number, applicant_id in enumerate(ids):
            batch.save(history.item(recruiter.org, applicant_id, history_event(NOW, "bench", "received")))
            batch.save(
                store.new(
                    recruiter.org,
                    applicant_id,
                    vacancy_id,
                    NOW,
                    first_name="Bench",
                    last_name=f"Applicant {number}",
                    email=f"bench{number}@example.com",
                )
            )
    return ids


def bench_bulk_action_requests() -> str:
    with embedded_app() as recruiter:
        vacancy = recruiter.call("POST", "/vacancies", {"title": "Bench vacancy"}, expect=201)
        ids = add_applicants(recruiter, vacancy["id"], APPLICANTS)
        body = {"action": "reject", "applicant_ids": ids, "rejection_type": "position_filled"}
        with CALLS.record() as calls:
            results = recruiter.call("POST", "/applicants/actions", body)["results"]
    if not all(result["ok"] for result in results):
        raise RuntimeError(f"the bulk action failed: {[r for r in results if not r['ok']][:1]}")
    per_applicant = len(calls.names) / APPLICANTS
    return (
        goal_line(f"bulk reject of {APPLICANTS} applicants: DynamoDB requests per applicant", per_applicant, 2)
        + f" [{dict(calls.by_operation)}]"
    )


ALL = [bench_bulk_action_requests]

if __name__ == "__main__":
    main(ALL)
