"""One applicant's detail (issue 11, "The applicant as one item collection").

GET /applicants/{id} for an applicant with 5 interviews, 3 ratings and 200 history
events: how many DynamoDB requests it takes (after a warm-up request, which is not counted).

    .venv/bin/python scripts/bench_applicant.py
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchkit import CALLS, NOW, embedded_app, goal_line, interview_item, main, save_all

INTERVIEWS, RATINGS, EVENTS = 5, 3, 200


def seed(org: str, applicant_id: str, vacancy_id: str) -> None:
    """Written in bulk, as the app writes them: setting up is not what is measured."""
    from chalicelib.domain.history import history_event
    from chalicelib.store import applicants, history
    from chalicelib.store.models import Applicant, Rating
    from chalicelib.store.panels import rating_keys

    save_all(
        [
            interview_item(org, number, NOW + timedelta(days=10 + number), "in_person", _NO_REMINDER, applicant_id)
            for number in range(INTERVIEWS)
        ]
    )
    save_all(
        [
            Rating(
                *rating_keys(org, applicant_id, "pnl_bench", f"rvw_{number}"),
                org=org,
                applicant_id=applicant_id,
                vacancy_id=vacancy_id,
                panel_id="pnl_bench",
                reviewer_id=f"rvw_{number}",
                reviewer_name=f"Reviewer {number}",
                stars=5,
                rated_at=NOW,
                updated_at=NOW,
            )
            for number in range(RATINGS)
        ]
    )
    start = NOW - timedelta(hours=EVENTS)
    save_all(
        [
            history.item(org, applicant_id, history_event(start + timedelta(hours=n), "bench", "email_sent"))
            for n in range(EVENTS - 1)  # and the "received" event the app wrote
        ]
    )
    person = applicants.get(org, applicant_id)
    person.update(actions=[Applicant.rating_sum.set(5 * RATINGS), Applicant.rating_count.set(RATINGS)])


_NO_REMINDER = {"channel": "none", "days_before": None, "send_on": None, "status": "none"}


def bench_applicant_detail() -> str:
    with embedded_app() as recruiter:
        vacancy = recruiter.call("POST", "/vacancies", {"title": "Bench vacancy"}, expect=201)
        body = {"first_name": "Bench", "last_name": "Person", "email": "bench@example.com"}
        person = recruiter.call("POST", f"/vacancies/{vacancy['id']}/applicants", body, expect=201)
        seed(recruiter.org, person["id"], vacancy["id"])
        recruiter.call("GET", f"/applicants/{person['id']}")  # warm-up: first-use costs are not counted
        with CALLS.record() as calls:
            detail = recruiter.call("GET", f"/applicants/{person['id']}")
    shown = (len(detail["interviews"]), detail["ratings"]["count"], len(detail["history"]))
    if shown != (INTERVIEWS, RATINGS, 50):
        raise RuntimeError(f"the detail shows {shown} (interviews, ratings, history events)")
    return (
        goal_line(
            f"GET applicant: N DynamoDB requests ({INTERVIEWS} interviews, {RATINGS} ratings, {EVENTS} history events)",
            len(calls.names),
            1,
        )
        + f" [{dict(calls.by_operation)}; {calls.items_read} items read]"
    )


ALL = [bench_applicant_detail]

if __name__ == "__main__":
    main(ALL)
