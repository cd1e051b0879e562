"""Who attends which interview, by attendee email: the index behind the conflict check.

DynamoDB cannot index inside the interview's `attendees` list, so each attendee of an
interview that still takes place has one `Attendance` item, keyed `<org>#<email>` and the
interview id; its `by_start` index answers "what does this person have between these
instants" with one Query. The items are derived from the interview and rewritten after each
change to it; the conflict check reads the interviews it finds again, so an item left behind
by a crash never produces a wrong warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from chalicelib.store.models import Attendance, Interview

KEPT_AFTER_END = timedelta(days=30)  # the TTL sweeps an item this long after its interview
LONGEST_INTERVIEW = timedelta(hours=24)  # the API's limit on duration_minutes: bounds the Query


def _instant(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def attendee_key(org: str, email: str) -> str:
    return f"{org}#{email.strip().lower()}"


def emails(attendees: Iterable[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(str(attendee["email"]).strip().lower() for attendee in attendees or []))


def items(interview: Interview) -> list[Attendance]:
    """The items an interview should have now: none once it is cancelled."""
    if interview.cancelled:
        return []
    end = interview.start_utc + timedelta(minutes=int(interview.duration_minutes))
    return [
        Attendance(
            attendee_key(interview.org, email),
            interview.interview_id,
            applicant_id=interview.applicant_id,
            starts_at=f"{_instant(interview.start_utc)}#{interview.interview_id}",
            ends_at=_instant(end),
            expires_at=end + KEPT_AFTER_END,
        )
        for email in emails(interview.attendees)
    ]


def keys(interview: Interview, attendee_emails: Iterable[str]) -> Iterator[Attendance]:
    """Key-only items (for deletes): one per email given."""
    for email in attendee_emails:
        yield Attendance(attendee_key(interview.org, email), interview.interview_id)


def sync(interview: Interview, previous_emails: Iterable[str] = ()) -> None:
    """Make the items match the interview as saved: its attendees now, none for those who left
    (`previous_emails`: the attendees before the change) and none at all once it is cancelled."""
    current = items(interview)
    kept = {item.attendee_key for item in current}
    gone = [item for item in keys(interview, previous_emails) if item.attendee_key not in kept]
    with Attendance.batch_write() as batch:
        for item in current:
            batch.save(item)
        for item in gone:
            batch.delete(item)


def busy(org: str, email: str, start: datetime, end: datetime) -> dict[str, str | None]:
    """The interviews this attendee has that overlap [start, end), {interview id: applicant id}: one
    Query on `by_start`, bounded by the longest interview the API allows."""
    key = attendee_key(org, email)
    low = _instant(start - LONGEST_INTERVIEW)
    high = _instant(end)  # "<instant>#<id>" sorts after "<instant>": one starting exactly at `end` is not read
    query = Attendance.by_start.query(
        key, Attendance.starts_at.between(low, high), filter_condition=Attendance.ends_at > _instant(start)
    )
    return {item.interview_id: item.applicant_id for item in query}
