"""The Interviews page at scale (issue 5, "Measured").

An organisation with 10 000 interviews over a year: one calendar page should
be one DynamoDB request, and an activity filter should read no interview
outside its date range (items read / interviews in the range <= 1).

    .venv/bin/python scripts/bench_calendar.py
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchkit import CALLS, Recruiter, embedded_app, goal_line, interview_item, main, save_all

TOTAL = 10_000
TYPES = ("phone", "in_person", "group", "info_meeting")
FIRST = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
NONE = {"channel": "none", "days_before": None, "send_on": None, "status": "none"}


DECLINED_EVERY = 97  # a rare confirmation: a filter that matches about 1% of the organisation


def seed(org: str) -> list[datetime]:
    starts = [FIRST + timedelta(minutes=53 * number) for number in range(TOTAL)]  # about a year
    interviews = []
    for number, start in enumerate(starts):
        interview = interview_item(org, number, start, TYPES[number % 4], NONE, f"apl_{number}")
        if number % DECLINED_EVERY == 0:
            interview.confirmation = "declined"
        interviews.append(interview)
    save_all(interviews)
    return starts


PAGE = 50
PAGES_MEASURED = 5


def confirmation_filter(recruiter: Recruiter) -> str:
    """The first pages of a rare confirmation over the whole organisation: the worst items read / page size."""
    query = f"/interviews?confirmation=declined&limit={PAGE}"
    recruiter.call("GET", query)  # warm-up: first-use costs are not counted
    worst, read, shown, cursor = 0.0, 0, 0, None
    for _ in range(PAGES_MEASURED):
        with CALLS.record() as calls:
            page = recruiter.call("GET", query + (f"&cursor={cursor}" if cursor else ""))
        if calls.by_operation != {"Query": 1}:
            raise RuntimeError(f"a calendar page took {dict(calls.by_operation)}")
        worst = max(worst, calls.items_read / PAGE)
        read, shown, cursor = read + calls.items_read, shown + len(page["items"]), page["next_cursor"]
        if not cursor:
            break
    return (
        goal_line(f"calendar page, confirmation filter, {TOTAL} interviews: items read / page size", round(worst, 2), 2)
        + f" [worst of {PAGES_MEASURED} pages of {PAGE}: {read} read, {shown} shown]"
    )


def bench_calendar() -> list[str]:
    first_day, last_day = date(2027, 3, 1), date(2027, 3, 7)
    with embedded_app() as recruiter:
        starts = seed(recruiter.org)
        oslo = ZoneInfo("Europe/Oslo")
        in_range = sum(1 for start in starts if first_day <= start.astimezone(oslo).date() <= last_day)
        with CALLS.record() as page_calls:
            page = recruiter.call("GET", f"/interviews?from={first_day}&to={last_day}&limit=50")
        assert len(page["items"]) == 50, len(page["items"])
        page_requests = len(page_calls.names)  # now: the counter is reused by the next record()
        rows, cursor = 0, None
        with CALLS.record() as filtered:
            while True:
                query = f"/interviews?activity=phone&from={first_day}&to={last_day}&limit=200"
                page = recruiter.call("GET", query + (f"&cursor={cursor}" if cursor else ""))
                rows += len(page["items"])
                cursor = page["next_cursor"]
                if not cursor:
                    break
        filtered_read = filtered.items_read
        confirmation_line = confirmation_filter(recruiter)
    return [
        goal_line(
            f"one calendar page of 50 in an organisation with {TOTAL} interviews: DynamoDB requests",
            page_requests,
            1,
        ),
        goal_line(
            f"activity filter over a week: items read / interviews in the date range ({in_range})",
            round(filtered_read / in_range, 2),
            1,
        )
        + f" [{filtered_read} read, {rows} shown]",
        confirmation_line,
    ]


ALL = [bench_calendar]

if __name__ == "__main__":
    main(ALL)
