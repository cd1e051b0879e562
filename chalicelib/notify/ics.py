"""The .ics that lets an applicant put the interview in their calendar (RFC 5545 via icalendar)."""

from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib.domain.localize import InterviewFacts


def interview_uid(interview_id: str) -> str:
    """Stable per interview, so an update or cancellation replaces the same calendar entry."""
    return f"{interview_id}@rendezvous"


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
) -> bytes:
    from icalendar import Calendar, Event, vCalAddress, vText

    cal = Calendar()
    cal.add("prodid", "-//Rendezvous//Interviews//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    event = Event()
    event.add("uid", interview_uid(interview_id))
    event.add("sequence", sequence)
    event.add("dtstamp", now)
    event.add("dtstart", facts.start_utc)
    event.add("dtend", facts.start_utc + timedelta(minutes=facts.duration_minutes))
    event.add("summary", summary)
    event.add("description", description)
    if facts.location:
        event.add("location", facts.location)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    organizer_address = vCalAddress(f"mailto:{organizer}")
    event["organizer"] = organizer_address
    attendee_address = vCalAddress(f"mailto:{attendee}")
    attendee_address.params["cn"] = vText(f"{facts.first_name} {facts.last_name}")
    attendee_address.params["role"] = vText("REQ-PARTICIPANT")
    event.add("attendee", attendee_address, encode=0)
    cal.add_component(event)
    return cal.to_ical()
