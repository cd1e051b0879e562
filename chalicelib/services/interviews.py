"""The Interviews page, and a recruiter's changes to an interview: reschedule and cancel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from chalicelib import config, contract
from chalicelib.domain import cursors
from chalicelib.domain.actors import Recruiter
from chalicelib.domain.delivery import pending, undeliverable
from chalicelib.domain.errors import ConflictError, InvalidInputError
from chalicelib.domain.schedule import local, to_instant
from chalicelib.services import conflicts, organisations, team
from chalicelib.services.interview_views import view
from chalicelib.store import attendance
from chalicelib.store import interviews as store


def get(recruiter: Recruiter, interview_id: str) -> contract.Interview:
    return view(store.get(recruiter.org, interview_id))


def page(recruiter: Recruiter, query: contract.InterviewQuery) -> contract.InterviewList:
    if query.from_ and query.to and query.from_ > query.to:
        raise InvalidInputError.field("from", "is after 'to'")
    first = query.from_.isoformat() if query.from_ else None
    last = query.to.isoformat() if query.to else None
    scope = (
        f"interviews:{query.activity or ''}:{first or ''}:{last or ''}:{query.vacancy_id or ''}:"
        f"{query.confirmation or ''}" + (f":{query.delivery}" if query.delivery else "")
    )
    secret = config.cursor_secret()
    start = cursors.decode(secret, recruiter.org, scope, query.cursor)
    items, position = store.page(
        recruiter.org,
        query.activity,
        first,
        last,
        query.vacancy_id,
        query.confirmation,
        query.limit,
        start,
        delivery=query.delivery,
    )
    return contract.InterviewList(
        items=[view(item) for item in items], next_cursor=cursors.encode(secret, recruiter.org, scope, position)
    )


def changed(interview: Any, warnings: list[contract.InterviewWarning]) -> contract.InterviewChanged:
    return contract.InterviewChanged(**view(interview).model_dump(), warnings=warnings)


def check_expected_version(interview: Any, if_match: str | None) -> None:
    """If-Match carries the version the recruiter saw; an older one is a stale edit."""
    if not if_match:
        return
    expected = if_match.strip().removeprefix("W/").strip('"')
    if expected != str(interview.version):
        raise ConflictError(
            f"The interview has changed since version {expected}; it is at version "
            f"{interview.version}. Reload it and try again."
        )


def reschedule(
    recruiter: Recruiter, interview_id: str, data: contract.InterviewPatch, now: datetime, if_match: str | None = None
) -> contract.InterviewChanged:
    interview = store.get(recruiter.org, interview_id)
    check_expected_version(interview, if_match)
    if data.whole_group:
        return reschedule_group(recruiter, interview, data, now)
    change = apply_change(recruiter, interview, data, now)
    warnings = change.warnings
    if change.team_changed:  # whether or not the applicant is told
        added = change.staying if change.left_group else change.staying - set(change.previous)
        sent = team.notify(interview, "update", now, removed=change.removed, added=added)
        if change.left_group:
            sent += team.group_changed(interview, change.left_group, now)
        warnings += [contract.InterviewWarning(**warning) for warning in sent]
    return changed(interview, warnings)


def reschedule_group(
    recruiter: Recruiter, interview: Any, data: contract.InterviewPatch, now: datetime
) -> contract.InterviewChanged:
    """`whole_group`: the change goes to every interview still in the interview's group (each
    applicant as by their own PATCH, `notify` included), and the attendees get one update of the
    group's event. Those who withdrew are left as they are."""
    group_id = interview.group_id
    if not group_id or interview.cancelled:
        raise InvalidInputError.field("whole_group", "the interview is not in a group")
    members = store.group_members(recruiter.org, store.member_refs(interview))
    listed = [m for m in team.in_group(members, group_id) if m.confirmation != "not_applicable"]
    ordered = [interview] + [m for m in listed if m.interview_id != interview.interview_id]
    warnings: list[contract.InterviewWarning] = []
    outcome = None
    for index, member in enumerate(ordered):
        change = apply_change(recruiter, member, data, now, group_id=group_id, counts=index == 0)
        warnings += change.warnings
        outcome = outcome or change
    if outcome is not None and outcome.team_changed:
        after = store.group_members(recruiter.org, store.member_refs(interview))
        sent = team.notify_group(
            group_id, after, "update", now, removed=outcome.removed, added=outcome.staying - set(outcome.previous)
        )
        warnings += [contract.InterviewWarning(**warning) for warning in sent]
    return changed(interview, warnings)


@dataclass
class Change:
    warnings: list[contract.InterviewWarning]
    team_changed: bool
    removed: list[dict[str, Any]]
    staying: set[str]
    previous: list[str]
    left_group: str | None


def apply_change(
    recruiter: Recruiter,
    interview: Any,
    data: contract.InterviewPatch,
    now: datetime,
    group_id: str | None = None,
    counts: bool = True,
) -> Change:
    """One interview's change, stored, its history written and its applicant told (`notify`); the
    team's mail is the caller's. With `group_id` (a change of the whole group) it stays in its
    group, and only the first (`counts`) raises the group's SEQUENCE and pays for the team's mail;
    else a change the team sees takes it out of its group."""
    from chalicelib.domain.history import history_event

    interview_id = interview.interview_id
    if interview.cancelled:
        raise ConflictError("The interview is cancelled; invite the applicant again instead.")
    if interview.confirmation == "not_applicable":
        raise ConflictError("The applicant has withdrawn their application.")
    changes = data.model_dump(exclude_unset=True)
    changes.pop("whole_group", None)
    timezone = data.timezone or interview.timezone
    start_utc = interview.start_utc
    if "start" in changes or "timezone" in changes:
        # a new time zone alone keeps the wall-clock time: 10:00 in Oslo becomes 10:00 in Helsinki
        start_utc = to_instant(data.start or datetime.fromisoformat(interview.local_start), timezone)
    moved = start_utc != interview.start_utc or timezone != interview.timezone
    if not moved and start_utc <= now:
        raise InvalidInputError.field("start", "the interview has already started")
    warnings = reschedule_reminder(recruiter, interview, data.reminder, moved, start_utc, timezone, now)
    before = list(interview.attendees or [])
    previous = attendance.emails(before)
    duration = data.duration_minutes or int(interview.duration_minutes)
    attendees = before if data.attendees is None else [a.model_dump(mode="json") for a in data.attendees]
    team_changed = moved or duration != int(interview.duration_minutes) or attendees != before
    for name in ("location", "meeting_url", "phone_note"):
        if name in changes and getattr(data, name) != getattr(interview, name):
            setattr(interview, name, getattr(data, name))
            team_changed = True
    if moved:
        interview.confirmation = "pending"
    if team_changed:
        interview.sequence = int(interview.sequence or 0) + 1
    own_group = interview.group_id
    leaving = bool(own_group) and team_changed and group_id is None  # changed on its own: out of the group
    if moved or duration != int(interview.duration_minutes) or attendees != before:
        same_slot = not moved and duration == int(interview.duration_minutes)
        found = conflicts.warnings(
            recruiter.org,
            [interview.applicant_id],
            attendees,
            start_utc,
            duration,
            excluded=interview_id,
            # its own group at the group's time is no clash
            excluded_group=own_group if same_slot or group_id else None,
        )
        warnings += [contract.InterviewWarning(**warning) for warning in found]
    interview.start_utc = start_utc
    interview.timezone = timezone
    interview.local_start = local(start_utc, timezone).strftime("%Y-%m-%dT%H:%M")
    interview.duration_minutes = duration
    interview.attendees = attendees
    interview.updated_at = now
    staying = set(attendance.emails(attendees))
    removed = [a for a in before if attendance.emails([a])[0] not in staying] if team_changed else []
    if leaving:  # its attendees get this interview's own event; the group's is updated without it
        interview.group_id = None
        interview.group_sequence = int(interview.group_sequence or 0) + 1
        removed = []
    if group_id and team_changed and counts:
        interview.group_sequence = int(interview.group_sequence or 0) + 1
    emails = (1 if data.notify and not address_undeliverable(interview) else 0) + (
        team.count(attendees, removed) if team_changed and counts else 0
    )
    emails += team.count(before) if leaving else 0
    if emails:
        organisations.spend(recruiter.org, now, emails=emails)  # a 429 leaves the interview as it was
    token = add_answer_link(interview) if data.notify else None  # stored with this one write
    store.save_changed(interview, previous)
    if moved:
        store.extend_links(interview)
    store.add_history(
        recruiter.org,
        interview.applicant_id,
        history_event(
            now,
            recruiter.user_id,
            "interview_changed",
            interview_id=interview_id,
            fields=sorted(changes),
            start=start_utc.isoformat() if moved else None,
        ),
    )
    if moved or "duration_minutes" in changes:
        from chalicelib.services import retention

        ends = start_utc + timedelta(minutes=int(interview.duration_minutes))
        retention.interview_moved(recruiter.org, interview.applicant_id, ends, now)
    if token:
        warnings += notify(interview, "rescheduled", now, token)
    return Change(warnings, team_changed, removed, staying, previous, own_group if leaving else None)


def reschedule_reminder(
    recruiter: Recruiter,
    interview: Any,
    patch: contract.ReminderIn | None,
    moved: bool,
    start_utc: datetime,
    timezone: str,
    now: datetime,
) -> list[contract.InterviewWarning]:
    """Recompute the reminder under the creation checks when the time or the reminder changes.

    The patch is merged into what is set (a partial reminder keeps the rest), and a
    reminder that already went is re-armed only if the interview moved or its day changed.
    """
    from chalicelib.services import invitations

    if not moved and patch is None:
        return []
    current = interview.reminder or {}
    kept = {key: value for key, value in current.items() if key in contract.ReminderIn.model_fields}
    merged = contract.ReminderIn(**{**kept, **(patch.model_dump(exclude_unset=True) if patch else {})})
    # SMS access is checked when a recruiter chooses an SMS channel, not when they move an interview
    sms_allowed = recruiter.sms or patch is None or "channel" not in patch.model_fields_set
    reminder = invitations.reminder_plan(merged, timezone, start_utc, now, sms_allowed)
    unchanged_day = reminder["channel"] == current.get("channel") and reminder["send_on"] == current.get("send_on")
    if not moved and unchanged_day and current.get("status") in ("sent", "failed", "skipped"):
        reminder = {**current, **{k: v for k, v in reminder.items() if k not in ("status", "send_on")}}
    else:
        interview.reminder_claimed_until = None
        interview.reminder_sent_at = None
    interview.reminder = reminder
    if reminder["channel"] in ("sms", "email_sms") and not interview.applicant_mobile:
        return [
            contract.InterviewWarning(
                applicant_id=interview.applicant_id,
                code="no_mobile",
                message="The applicant has no mobile number: no SMS reminder.",
            )
        ]
    return []


def add_answer_link(interview: Any) -> str:
    """A fresh answer link for a notice; its hash goes on the interview before the interview is saved."""
    from chalicelib.domain.tokens import new_token

    token, token_hash = new_token()
    interview.answer_links = [*(interview.answer_links or []), token_hash]
    return token


def cancel(
    recruiter: Recruiter, interview_id: str, notify_applicant: bool, now: datetime, if_match: str | None = None
) -> contract.InterviewChanged:
    from chalicelib.domain.history import history_event

    interview = store.get(recruiter.org, interview_id)
    check_expected_version(interview, if_match)
    if interview.cancelled:
        return changed(interview, [])
    interview.cancelled = True
    reminder = dict(interview.reminder or {})
    if reminder.get("status") == "scheduled":
        reminder.update(status="skipped", reason="cancelled")
        interview.reminder = reminder
    interview.sequence = int(interview.sequence or 0) + 1
    if interview.group_id:
        interview.group_sequence = int(interview.group_sequence or 0) + 1
    interview.updated_at = now
    emails = (1 if notify_applicant and not address_undeliverable(interview) else 0) + team.count(interview.attendees)
    if emails:
        organisations.spend(recruiter.org, now, emails=emails)  # a 429 leaves the interview as it was
    store.save_changed(interview, attendance.emails(interview.attendees))
    store.add_history(
        recruiter.org,
        interview.applicant_id,
        history_event(now, recruiter.user_id, "interview_cancelled", interview_id=interview_id),
    )
    warnings = notify(interview, "cancelled", now) if notify_applicant else []
    if interview.group_id:  # the group's event without them, or cancelled when none is left
        sent = team.group_changed(interview, interview.group_id, now)
    else:
        sent = team.notify(interview, "cancel", now)  # whether or not the applicant is told
    warnings += [contract.InterviewWarning(**warning) for warning in sent]
    return changed(interview, warnings)


def notify(interview: Any, kind: str, now: datetime, token: str | None = None) -> list[contract.InterviewWarning]:
    """Email the applicant the new details (with a working answer link) or the cancellation."""
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.domain.links import public_url
    from chalicelib.domain.tokens import token_hash
    from chalicelib.notify import email
    from chalicelib.notify.compose import interview_email
    from chalicelib.services import deliveries
    from chalicelib.services.team import facts
    from chalicelib.templating import texts

    if address_undeliverable(interview):
        return [undeliverable_warning(interview.applicant_id, "notice")]
    catalog = texts(interview.applicant_language)[kind]
    sender, reply_to = organisations.sender_or_default(interview.org, (interview.invitation or {}).get("from"))
    link = None
    if token:
        store.put_link(interview, token_hash(token))
        link = public_url("answer", token)
    message = interview_email(
        facts(interview),
        interview.interview_id,
        int(interview.sequence),
        now,
        sender=sender,
        to=interview.applicant_email,
        subject=catalog["subject"],
        body=catalog["body"],
        link=link,
        include_link=link is not None,
        method="CANCEL" if kind == "cancelled" else "REQUEST",
        purpose="cancellation" if kind == "cancelled" else "reschedule",
    )
    message.reply_to = reply_to
    try:
        message_id = email.send(message, org=interview.org)
    except (ClientError, BotoCoreError) as exc:
        return [
            contract.InterviewWarning(
                applicant_id=interview.applicant_id,
                code="email_failed",
                message=f"The applicant could not be emailed ({exc}).",
            )
        ]
    deliveries.track(
        interview.org,
        message_id,
        message.purpose,
        now,
        applicant_id=interview.applicant_id,
        interview_id=interview.interview_id,
    )
    return []


def address_undeliverable(interview: Any) -> bool:
    """The applicant's address on the interview bounced for good or complained, and is unchanged since."""
    return undeliverable(interview.undeliverable_email, interview.applicant_email)


def undeliverable_warning(applicant_id: str, what: str) -> contract.InterviewWarning:
    return contract.InterviewWarning(
        applicant_id=applicant_id,
        code="undeliverable",
        message=f"The applicant's email address bounced or complained: no {what} was emailed. "
        "Correct the address on the applicant first.",
    )


def resend(recruiter: Recruiter, interview_id: str, now: datetime) -> contract.InterviewChanged:
    """Send the invitation again (after the applicant's address was corrected), with the same answer link."""
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.domain.history import history_event
    from chalicelib.domain.languages import pick
    from chalicelib.domain.links import public_url
    from chalicelib.domain.tokens import new_token
    from chalicelib.notify import email
    from chalicelib.notify.compose import interview_email
    from chalicelib.services import deliveries
    from chalicelib.services.invitations import invitation_token
    from chalicelib.services.team import facts
    from chalicelib.templating import texts

    interview = store.get(recruiter.org, interview_id)
    if interview.cancelled:
        raise ConflictError("The interview is cancelled; invite the applicant again instead.")
    if interview.start_utc <= now:
        raise ConflictError("The interview has already started.")
    if interview.confirmation == "not_applicable":
        raise ConflictError("The applicant has withdrawn their application.")
    if address_undeliverable(interview):
        raise ConflictError(
            "The applicant's email address bounced or complained and has not changed since: "
            "correct it on the applicant (PATCH /applicants/{applicant_id}) before sending again.",
            errors=[{"field": "email", "message": "is undeliverable"}],
        )
    invitation = dict(interview.invitation or {})
    as_read = store.deliveries_read(interview)
    language = interview.applicant_language
    catalog = texts(language)["rescheduled"]
    organisations.spend(recruiter.org, now, emails=1)
    if interview.invitation_link_nonce:
        token = invitation_token(interview.org, interview.interview_id, interview.invitation_link_nonce)
    else:  # invited before links could be made again: a new link, stored with this write
        token, token_hash = new_token()
        interview.answer_links = [*(interview.answer_links or []), token_hash]
        store.put_link(interview, token_hash)
    sender, reply_to = organisations.sender_or_default(interview.org, invitation.get("from"))
    message = interview_email(
        facts(interview),
        interview.interview_id,
        int(interview.sequence or 0),
        now,
        sender=sender,
        to=interview.applicant_email,
        subject=pick(invitation.get("subject"), language) or catalog["subject"],
        body=pick(invitation.get("body"), language) or catalog["body"],
        link=public_url("answer", token),
        include_link=invitation.get("include_confirm_link", True) is not False,
        purpose="invitation",
    )
    message.reply_to = reply_to
    try:
        message_id = email.send(message, org=interview.org)
    except (ClientError, BotoCoreError) as exc:
        invitation["status"] = "failed"
        interview.invitation = invitation
        interview.updated_at = now
        store.save_changed(interview)
        warning = contract.InterviewWarning(
            applicant_id=interview.applicant_id,
            code="email_failed",
            message=f"The invitation could not be sent ({exc}).",
        )
        return changed(interview, [warning])
    invitation.update(status="sent", send_email=True, resent_at=now.isoformat())
    interview.invitation = invitation
    interview.invitation_message_id = message_id
    interview.invitation_delivery = pending(message_id, now)
    interview.updated_at = now
    store.save_changed(interview, read=as_read)
    store.add_history(
        recruiter.org,
        interview.applicant_id,
        history_event(now, recruiter.user_id, "invitation_resent", interview_id=interview_id, message_id=message_id),
    )
    deliveries.track(
        interview.org, message_id, "invitation", now, applicant_id=interview.applicant_id, interview_id=interview_id
    )
    return changed(interview, [])
