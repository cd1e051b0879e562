"""Conflict warnings for preview, create and PATCH: an attendee or the applicant already has an
interview in the organisation at that time. They warn; they never refuse.

Per attendee one Query on the attendance index, per applicant one on their item collection's
interviews, then one BatchGetItem reads the interviews found (so what is reported is what is stored now).
Warnings are plain dicts with the fields of the API's InterviewWarning.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from chalicelib.domain.conflicts import blocks, end_of, overlaps, same_group
from chalicelib.domain.schedule import local


def _clashes(
    interview: Any, start: datetime, end: datetime, excluded: str | None, excluded_group: str | None = None
) -> bool:
    if interview.interview_id == excluded or not blocks(bool(interview.cancelled), interview.confirmation):
        return False
    if same_group(excluded_group, interview.group_id):
        return False
    return overlaps(start, end, interview.start_utc, end_of(interview.start_utc, int(interview.duration_minutes)))


def _when(interview: Any) -> str:
    return local(interview.start_utc, interview.timezone).isoformat()


def warnings(
    org: str,
    applicant_ids: Iterable[str],
    attendees: Iterable[dict[str, Any]],
    start: datetime,
    duration_minutes: int,
    excluded: str | None = None,
    excluded_group: str | None = None,
) -> list[dict[str, Any]]:
    """Every clash of the interview-to-be (or, with `excluded`, the interview being changed); the
    members of `excluded_group` (the changed interview's group) are never a clash with it."""
    from chalicelib.store import attendance
    from chalicelib.store import interviews as store

    end = end_of(start, duration_minutes)
    applicant_ids = list(dict.fromkeys(applicant_ids))
    found: list[dict[str, Any]] = []
    for applicant_id in applicant_ids:
        for other in store.for_applicant(org, applicant_id):
            if _clashes(other, start, end, excluded, excluded_group):
                found.append(
                    {
                        "applicant_id": applicant_id,
                        "code": "applicant_busy",
                        "message": f"The applicant already has an interview at that time ({_when(other)}).",
                        "interview_id": other.interview_id,
                        "start": _when(other),
                    }
                )
    by_email = {attendance.emails([attendee])[0]: attendee for attendee in attendees}
    hits = {email: attendance.busy(org, email, start, end) for email in by_email}
    others = {
        interview.interview_id: interview
        for interview in store.get_many(
            org, {i: applicant for ids in hits.values() for i, applicant in ids.items() if i != excluded}
        )
    }
    for email, interview_ids in hits.items():
        for interview_id in interview_ids:
            other = others.get(interview_id)
            if other is None or not _clashes(other, start, end, excluded, excluded_group):
                continue
            if email not in attendance.emails(other.attendees):
                continue  # left that interview; its item had not caught up
            name = by_email[email]["name"]
            for applicant_id in applicant_ids:
                found.append(
                    {
                        "applicant_id": applicant_id,
                        "code": "attendee_busy",
                        "message": f"{name} already has an interview at that time ({_when(other)}).",
                        "interview_id": other.interview_id,
                        "start": _when(other),
                        "attendee": email,
                    }
                )
    return found
