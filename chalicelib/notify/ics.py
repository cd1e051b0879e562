"""The .ics files of an interview (RFC 5545 via icalendar): the applicant's, the interviewers', the feed.

The applicant and the interviewers hold two different calendar events of the same interview
(two UIDs): an update or cancellation of one never touches the other's calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from chalicelib.domain.localize import InterviewFacts


def interview_uid(interview_id: str) -> str:
    """Stable per interview, so an update or cancellation replaces the same calendar entry."""
    return f"{interview_id}@rendezvous"


def team_uid(interview_id: str) -> str:
    """The interviewers' event of the interview: its own UID, never the applicant's."""
    return f"{interview_id}.team@rendezvous"


PARTSTAT = {
    "pending": "NEEDS-ACTION",
    "accepted": "ACCEPTED",
    "declined": "DECLINED",
    "reschedule_requested": "TENTATIVE",
}


def partstat(confirmation: str | None) -> str | None:
    """The applicant's ATTENDEE;PARTSTAT from their answer (none for a withdrawn one)."""
    return PARTSTAT.get(confirmation or "")


@dataclass(frozen=True)
class Person:
    email: str
    name: str | None = None
    partstat: str | None = None  # NEEDS-ACTION, ACCEPTED, DECLINED, TENTATIVE


def _address(person: Person, role: str | None = None) -> Any:
    from icalendar import vCalAddress, vText

    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["cn"] = vText(person.name)
    if role:
        address.params["role"] = vText(role)
    if person.partstat:
        address.params["partstat"] = vText(person.partstat)
    return address


def event(
    uid: str,
    facts: InterviewFacts,
    sequence: int,
    now: datetime,
    summary: str,
    description: str,
    organizer: Person | None = None,
    attendees: list[Person] | None = None,
    cancelled: bool = False,
) -> Any:
    from icalendar import Event

    item = Event()
    item.add("uid", uid)
    item.add("sequence", sequence)
    item.add("dtstamp", now)
    item.add("dtstart", facts.start_utc)
    item.add("dtend", facts.start_utc + timedelta(minutes=facts.duration_minutes))
    item.add("summary", summary)
    item.add("description", description)
    location = facts.location or facts.meeting_url
    if location:
        item.add("location", location)
    if facts.meeting_url:
        item.add("url", facts.meeting_url)
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if organizer is not None:
        item["organizer"] = _address(organizer)
    for attendee in attendees or []:
        item.add("attendee", _address(attendee, "REQ-PARTICIPANT"), encode=0)
    return item


def wrap(events: list[Any], method: str | None = None, name: str | None = None) -> bytes:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//Rendezvous//Interviews//EN")
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    for item in events:
        cal.add_component(item)
    return cal.to_ical()


def calendar(
    facts: InterviewFacts,
    interview_id: str,
    sequence: int,
    now: datetime,
    organizer: str,
    attendee: str,
    summary: str,
    description: str,
    method: str = "REQUEST",
    partstat: str | None = None,
) -> bytes:
    """The applicant's event: they are its only attendee."""
    applicant = Person(attendee, f"{facts.first_name} {facts.last_name}", partstat)
    item = event(
        interview_uid(interview_id),
        facts,
        sequence,
        now,
        summary,
        description,
        organizer=Person(organizer),
        attendees=[applicant],
        cancelled=method == "CANCEL",
    )
    return wrap([item], method)
