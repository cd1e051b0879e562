"""The interviewers' side of an interview: their calendar invitation, update and cancellation.

Called from the code that creates, changes and cancels interviews (services.invitations and
services.interviews), so that every way of making an interview tells its interviewers the same way.
Mail goes in the organisation's default language; it names the applicant but carries neither
their contact details nor their answer link. ORGANIZER is the recruiter who invited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.domain.localize import InterviewFacts


def organisation_language(org: str) -> str:
    from chalicelib.store import organisations as store

    return store.settings(org).get("default_language") or "en"


def facts(interview: Any, language: str) -> InterviewFacts:
    first, _, last = (interview.applicant_name or "").partition(" ")
    return InterviewFacts(
        first_name=interview.applicant_first_name or first,
        last_name=interview.applicant_last_name or last,
        vacancy_title=interview.vacancy_title,
        type=interview.type,
        start_utc=interview.start_utc,
        timezone=interview.timezone,
        duration_minutes=int(interview.duration_minutes),
        location=interview.location,
        language=language,
        attendees=interview.attendees or [],
        meeting_url=interview.meeting_url,
        phone_note=interview.phone_note,
    )


def organiser(interview: Any) -> Any:
    from chalicelib import config
    from chalicelib.notify.ics import Person

    return Person(interview.organizer_email or config.mail_from(), interview.organizer_name)


def attendee_people(attendees: list[dict[str, Any]]) -> list[Any]:
    from chalicelib.notify.ics import Person

    return [Person(str(a["email"]), a.get("name"), "NEEDS-ACTION") for a in attendees]


def notify(
    interview: Any,
    kind: str,
    now: datetime,
    removed: list[dict[str, Any]] | None = None,
    added: set[str] | None = None,
) -> list[dict[str, str]]:
    """Email each attendee their calendar event: `invite`, `update` or `cancel`; `removed` attendees
    (taken off the interview by a change) get a cancellation, and those `added` by it (emails) an
    invitation rather than an update. The budget was counted by the caller
    (`count`). A failed send is a warning (a dict with the fields of the API's InterviewWarning);
    the change stands."""
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.notify import email
    from chalicelib.notify.compose import team_email
    from chalicelib.services import organisations

    attendees = list(interview.attendees or [])
    added = added or set()
    recipients = [(a, "invite" if str(a["email"]).strip().lower() in added else kind) for a in attendees]
    recipients += [(a, "removed") for a in removed or []]
    if not recipients:
        return []
    language = organisation_language(interview.org)
    about = facts(interview, language)
    sender, reply_to = organisations.sender_or_default(interview.org, (interview.invitation or {}).get("from"))
    who = organiser(interview)
    people = attendee_people(attendees)
    warnings = []
    for attendee, this_kind in recipients:
        message = team_email(
            about, interview.interview_id, int(interview.sequence or 0), now, sender, str(attendee["email"]),
            who, people, this_kind,
        )  # fmt: skip
        message.reply_to = reply_to or who.email
        try:
            email.send(message, org=interview.org)
        except (ClientError, BotoCoreError) as exc:
            warnings.append(
                {
                    "applicant_id": interview.applicant_id,
                    "code": "email_failed",
                    "message": f"The interviewer {attendee.get('name') or ''} could not be emailed ({exc}).".replace(
                        "  ", " "
                    ),
                }
            )
    return warnings


def count(attendees: list[dict[str, Any]] | None, removed: list[dict[str, Any]] | None = None) -> int:
    """How many emails `notify` sends, for the organisation's budget."""
    return len(attendees or []) + len(removed or [])
