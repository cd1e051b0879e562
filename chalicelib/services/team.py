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


def organisation_language(org: str, values: dict[str, Any] | None = None) -> str:
    """`values`: the organisation's settings, when the caller has read them already."""
    from chalicelib.store import organisations as store

    return (store.settings(org) if values is None else values).get("default_language") or "en"


def facts(interview: Any, language: str | None = None) -> InterviewFacts:
    """What an email or .ics says of the interview, in `language` (the applicant's unless given)."""
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
        language=language or interview.applicant_language,
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
    attendees = list(interview.attendees or [])
    added = added or set()
    recipients = [(a, "invite" if str(a["email"]).strip().lower() in added else kind) for a in attendees]
    recipients += [(a, "removed") for a in removed or []]
    if not recipients:
        return []
    return _send(interview, recipients, interview.interview_id, int(interview.sequence or 0), now)


def _send(
    interview: Any,
    recipients: list[tuple[dict[str, Any], str]],
    event_id: str,
    sequence: int,
    now: datetime,
    roster: list[tuple[str, str]] | None = None,
) -> list[dict[str, str]]:
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.notify import email
    from chalicelib.notify.compose import team_email
    from chalicelib.services import deliveries, organisations
    from chalicelib.store import organisations as organisation_store

    values = organisation_store.settings(interview.org)  # read once for the language and the sender
    language = organisation_language(interview.org, values)
    about = facts(interview, language)
    sender, reply_to = organisations.sender_or_default(interview.org, (interview.invitation or {}).get("from"), values)
    who = organiser(interview)
    people = attendee_people(list(interview.attendees or []))
    warnings = []
    for attendee, this_kind in recipients:
        message = team_email(
            about, event_id, sequence, now, sender, str(attendee["email"]), who, people, this_kind, roster=roster
        )
        message.reply_to = reply_to or who.email
        try:
            message_id = email.send(message, org=interview.org)
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
        else:  # a bounce of an interviewer's address is recorded, never held against the applicant
            deliveries.track(interview.org, message_id, "team", now, interview_id=interview.interview_id)
    return warnings


def count(attendees: list[dict[str, Any]] | None, removed: list[dict[str, Any]] | None = None) -> int:
    """How many emails `notify` sends, for the organisation's budget."""
    return len(attendees or []) + len(removed or [])


def in_group(members: list[Any], group_id: str) -> list[Any]:
    """The applicants the group's calendar event lists: neither cancelled nor taken out of it."""
    return [member for member in members if member.group_id == group_id and not member.cancelled]


def notify_group(
    group_id: str,
    members: list[Any],
    kind: str,
    now: datetime,
    removed: list[dict[str, Any]] | None = None,
    added: set[str] | None = None,
) -> list[dict[str, str]]:
    """Email each attendee the group interview's one calendar event (UID `<group_id>.team@rendezvous`):
    `invite` when the group is made, else `update`, naming every applicant still in it with their
    answer; a cancellation once none is left. `members`: every interview the group invitation made,
    as stored now; the event's SEQUENCE is the sum of their `group_sequence`. `removed` and `added`
    attendees as for `notify`. The caller counted the budget (`count` of the attendees)."""
    if not members:  # every one of them purged meanwhile: nobody left to tell about
        return []
    listed = in_group(members, group_id)
    ours = [member for member in members if member.group_id == group_id]
    base = (listed or ours or members)[0]  # the group's time and place, attendees and organiser
    if not listed:
        kind = "cancel"
    added = added or set()
    recipients = [(a, "invite" if str(a["email"]).strip().lower() in added else kind) for a in base.attendees or []]
    recipients += [(a, "cancel" if kind == "cancel" else "removed") for a in removed or []]
    if not recipients:
        return []
    sequence = sum(int(member.group_sequence or 0) for member in members)
    roster = [(member.applicant_name, member.confirmation) for member in listed]
    return _send(base, recipients, group_id, sequence, now, roster=roster)


def group_changed(interview: Any, group_id: str, now: datetime) -> list[dict[str, str]]:
    """After a change to one member of a group (stored, with its `group_sequence` raised): the
    attendees get the group's event again, read back as it is now."""
    from chalicelib.store import interviews as store

    members = store.group_members(interview.org, store.member_refs(interview))
    return notify_group(group_id, members, "update", now)
