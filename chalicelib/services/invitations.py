"""Inviting applicants to interviews: preview and create share every check.

Everything is validated for all applicants before anything is stored or sent.
Then, per applicant, the invitation is sent first and the interview written
after, in one transaction with the answer link and the applicant's new status,
carrying the SES message id. An email that could not be sent still leaves an
interview (its invitation `failed`, with a warning), so nothing is lost; a
crash between sending and writing would leave an email whose link answers 404,
which we prefer to an interview the applicant was never told about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from chalicelib import config, contract, observability
from chalicelib.domain import retention as retention_rules
from chalicelib.domain import tags
from chalicelib.domain.actors import Recruiter
from chalicelib.domain.delivery import as_map, pending, undeliverable
from chalicelib.domain.errors import ConflictError, ForbiddenError, InvalidInputError, NotFoundError
from chalicelib.domain.ids import new_id
from chalicelib.domain.invitations import SMS_CHANNELS, include_confirm_link
from chalicelib.domain.languages import LocalizedText, pick, written_in
from chalicelib.domain.links import public_url
from chalicelib.domain.localize import InterviewFacts
from chalicelib.domain.schedule import check_reminder_days, check_start, local, send_on, to_instant
from chalicelib.domain.tokens import derived_token, new_nonce
from chalicelib.domain.tokens import token_hash as hash_of
from chalicelib.store import retention
from chalicelib.store import vacancies as vacancy_store


@dataclass
class Plan:
    """A validated invitation: who, when, and the texts each applicant will get."""

    recruiter: Recruiter
    data: contract.InterviewCreate
    start_utc: datetime
    applicants: list[Any]
    vacancy_titles: dict[str, str]
    include_link: bool
    include_link_default: bool
    reminder: dict[str, Any]
    warnings: list[contract.InterviewWarning] = field(default_factory=list)
    confirmation: str = "pending"  # `accepted` when the applicant booked the time themselves (an offered slot)

    def facts(self, applicant: Any) -> InterviewFacts:
        return InterviewFacts(
            first_name=applicant.first_name,
            last_name=applicant.last_name,
            vacancy_title=self.vacancy_titles.get(applicant.vacancy_id, ""),
            type=self.data.type,
            start_utc=self.start_utc,
            timezone=self.data.timezone,
            duration_minutes=self.data.duration_minutes,
            location=self.data.location,
            language=written_in(self.data.invitation.body, applicant.language),
            attendees=[attendee.model_dump(mode="json") for attendee in self.data.attendees],
            meeting_url=self.data.meeting_url,
            phone_note=self.data.phone_note,
        )

    def sms_facts(self, applicant: Any) -> InterviewFacts:
        """An SMS reminder is written in the applicant's language (the job sends it so)."""
        from dataclasses import replace

        return replace(self.facts(applicant), language=applicant.language)


def check_tags(field_name: str, text: LocalizedText | None) -> list[dict[str, str]]:
    if text is None:
        return []
    variants = {"": text} if isinstance(text, str) else text
    errors = []
    for language, value in variants.items():
        unknown = tags.unknown_tags(value)
        if unknown:
            where = f"{field_name}.{language}" if language else field_name
            names = ", ".join("{" + name + "}" for name in unknown)
            errors.append(
                {
                    "field": where,
                    "message": f"unknown tag {names}; known tags: " + ", ".join("{" + tag + "}" for tag in tags.TAGS),
                }
            )
    return errors


def check_texts(data: contract.InterviewCreate) -> None:
    errors: list[dict[str, str]] = []
    invitation, reminder = data.invitation, data.reminder
    if invitation.send_email:
        for name in ("from_", "subject", "body"):
            if getattr(invitation, name) in (None, ""):
                label = name.rstrip("_")
                errors.append({"field": f"invitation.{label}", "message": "required when send_email is true"})
    for name in ("subject", "body"):
        errors += check_tags(f"invitation.{name}", getattr(invitation, name))
    for name in ("subject", "body", "signature", "sms_text"):
        errors += check_tags(f"reminder.{name}", getattr(reminder, name))
    if errors:
        raise InvalidInputError(
            "The invitation has invalid fields: " + ", ".join(error["field"] for error in errors) + ".", errors
        )


def reminder_plan(
    reminder: contract.ReminderIn, timezone: str, start_utc: datetime, now: datetime, sms_allowed: bool
) -> dict[str, Any]:
    """The reminder as stored, after the contract's checks (shared by invite and reschedule)."""
    if reminder.channel in SMS_CHANNELS and not sms_allowed:
        raise ForbiddenError("SMS reminders need SMS access; your account does not have it.")
    if reminder.days_before is not None:
        check_reminder_days(reminder.days_before)
    if reminder.channel == "none":
        check_start(start_utc, timezone, now, None)
        return {"channel": "none", "days_before": reminder.days_before, "send_on": None, "status": "none"}
    if reminder.days_before is None:
        raise InvalidInputError.field("reminder.days_before", "required when a reminder channel is chosen")
    check_start(start_utc, timezone, now, reminder.days_before)
    _check_sms_as_written(reminder.sms_text)
    return {
        "channel": reminder.channel,
        "days_before": reminder.days_before,
        "send_on": send_on(local(start_utc, timezone).date(), reminder.days_before).isoformat(),
        "status": "scheduled",
        "subject": reminder.subject,
        "body": reminder.body,
        "signature": reminder.signature,
        "sms_text": reminder.sms_text,
    }


def invitable(status: str) -> bool:
    from chalicelib.domain.pipeline import INVITE, allowed

    return allowed(status, INVITE)


def load_applicants(recruiter: Recruiter, applicant_ids: list[str]) -> list[Any]:
    from chalicelib.store import applicants as applicant_store

    found = applicant_store.get_many(recruiter.org, applicant_ids)
    missing = [index for index, applicant_id in enumerate(applicant_ids) if applicant_id not in found]
    if missing:
        raise NotFoundError(
            "Some applicants were not found.",
            [
                {"field": f"applicant_ids.{index}", "message": f"no applicant {applicant_ids[index]}"}
                for index in missing
            ],
        )
    out_of_process = [
        index for index, applicant_id in enumerate(applicant_ids) if not invitable(found[applicant_id].status)
    ]
    if out_of_process:
        raise ConflictError(
            "Some applicants cannot be invited in their current status.",
            [
                {"field": f"applicant_ids.{index}", "message": f"applicant is {found[applicant_ids[index]].status}"}
                for index in out_of_process
            ],
        )
    return [found[applicant_id] for applicant_id in dict.fromkeys(applicant_ids)]


def plan(recruiter: Recruiter, data: contract.InterviewCreate, now: datetime) -> Plan:
    start_utc = to_instant(data.start, data.timezone)
    reminder = reminder_plan(data.reminder, data.timezone, start_utc, now, sms_allowed=recruiter.sms)
    check_texts(data)
    if data.invitation.send_email and data.invitation.from_:
        from chalicelib.services import organisations

        organisations.check_sender(recruiter.org, data.invitation.from_, "invitation.from")
    applicants = load_applicants(recruiter, data.applicant_ids)
    languages = {applicant.language for applicant in applicants}
    result = Plan(
        recruiter=recruiter,
        data=data,
        start_utc=start_utc,
        applicants=applicants,
        vacancy_titles=vacancy_store.titles(recruiter.org, {applicant.vacancy_id for applicant in applicants}),
        include_link=include_confirm_link(data.invitation.include_confirm_link, data.invitation.body, languages),
        include_link_default=include_confirm_link(None, data.invitation.body, languages),
        reminder=reminder,
    )
    from chalicelib.services import conflicts

    found = conflicts.warnings(
        recruiter.org,
        [applicant.applicant_id for applicant in applicants],
        [attendee.model_dump(mode="json") for attendee in data.attendees],
        start_utc,
        data.duration_minutes,
    )
    result.warnings += [contract.InterviewWarning(**warning) for warning in found]
    if reminder["channel"] in SMS_CHANNELS:
        check_sms_length(result)
        for applicant in applicants:
            if not applicant.mobile:
                result.warnings.append(
                    contract.InterviewWarning(
                        applicant_id=applicant.applicant_id,
                        code="no_mobile",
                        message=f"{applicant.first_name} {applicant.last_name} has no mobile number: "
                        "no SMS reminder can go"
                        + (", the email reminder still will." if reminder["channel"] == "email_sms" else "."),
                    )
                )
    return result


def _check_sms_as_written(text: LocalizedText | None) -> None:
    """Even before its tags are filled in (a change to a reminder has no applicant at hand)."""
    from chalicelib.domain.sms import MAX_SEGMENTS, measure, plain

    variants = {"": text} if isinstance(text, str) else (text or {})
    for language, value in variants.items():
        length = measure(plain(value))
        if length.segments > MAX_SEGMENTS:
            field = f"reminder.sms_text.{language}" if language else "reminder.sms_text"
            raise InvalidInputError.field(
                field, f"takes {length.segments} SMS segments ({length.encoding}); at most {MAX_SEGMENTS}"
            )


def check_sms_length(checked: Plan) -> None:
    """The recruiter's SMS text, as each applicant would get it (tags replaced, with a link's full
    length), may take at most three segments: a longer one is a 422 now, not a surprise bill later."""
    from chalicelib.domain.localize import tag_values
    from chalicelib.domain.sms import MAX_SEGMENTS, measure, plain
    from chalicelib.templating import texts

    given = checked.data.reminder.sms_text
    if given is None:
        return
    link = public_url("answer", "x" * 43)  # a token's length
    for applicant in checked.applicants:
        text = pick(given, applicant.language) or ""
        length = measure(
            plain(tags.render(text, tag_values(checked.sms_facts(applicant), texts(applicant.language), link)))
        )
        if length.segments > MAX_SEGMENTS:
            field = "reminder.sms_text" if isinstance(given, str) else f"reminder.sms_text.{applicant.language}"
            raise InvalidInputError.field(
                field,
                f"would take {length.segments} SMS segments for {applicant.applicant_id} ({length.encoding}, "
                f"{length.units} characters with the tags filled in); at most {MAX_SEGMENTS}",
            )


def preview(recruiter: Recruiter, data: contract.InterviewCreate, now: datetime) -> contract.InterviewPreview:
    from chalicelib.domain.localize import tag_values
    from chalicelib.notify.compose import preview_body
    from chalicelib.templating import texts

    checked = plan(recruiter, data, now)
    invitation = data.invitation
    messages = []
    for applicant in checked.applicants:
        subject = pick(invitation.subject, applicant.language)
        body = pick(invitation.body, applicant.language)
        if subject is None or body is None:
            continue
        facts = checked.facts(applicant)
        link = public_url("answer", "…")
        messages.append(
            contract.PreviewMessage(
                applicant_id=applicant.applicant_id,
                language=applicant.language,
                subject=tags.render(subject, tag_values(facts, texts(facts.language), link)),
                body=preview_body(facts, body, link, checked.include_link),
            )
        )
    return contract.InterviewPreview(
        include_confirm_link_default=checked.include_link_default, messages=messages, warnings=checked.warnings
    )


def create(
    recruiter: Recruiter, data: contract.InterviewCreate, now: datetime, confirmation: str = "pending"
) -> contract.InterviewsCreated:
    """POST /interviews, and a booked slot of an interview offer (`confirmation="accepted"`): one path,
    so whatever an invitation does (the applicant's and the attendees' calendar files ...) a booking does too."""
    from chalicelib.services import organisations
    from chalicelib.services.interview_views import view

    checked = plan(recruiter, data, now)
    checked.confirmation = confirmation
    # Every message is made before any is sent: a problem with one applicant's stops them all.
    prepared = [prepare(checked, applicant, now) for applicant in checked.applicants]
    from chalicelib.services import team

    group_id = make_group(data, prepared, now)
    emails = sum(1 for each in prepared if each.message is not None)
    emails += team.count([attendee.model_dump(mode="json") for attendee in data.attendees]) * (
        1 if group_id else len(prepared)
    )
    organisations.spend(recruiter.org, now, emails=emails)
    policy = retention.policy(recruiter.org)
    created = [invite(checked, invitation, now, policy) for invitation in prepared]
    if group_id:  # one calendar event for the panel, once every applicant's interview is stored
        sent = team.notify_group(group_id, created, "invite", now)
        checked.warnings += [contract.InterviewWarning(**warning) for warning in sent]
    return contract.InterviewsCreated(interviews=[view(interview) for interview in created], warnings=checked.warnings)


def make_group(data: contract.InterviewCreate, prepared: list[Prepared], now: datetime) -> str | None:
    """Several applicants invited together to a `group` interview share a group id: each keeps their
    own interview, invitation and link, and the attendees get one calendar event for them all."""
    if data.type != "group" or len(prepared) < 2:
        return None
    group_id = new_id("grp", now)
    members = [each.interview.interview_id for each in prepared]
    applicants = [each.interview.applicant_id for each in prepared]  # where each member is (store.interviews)
    for each in prepared:
        each.interview.group_id = group_id
        each.interview.group_members = members
        each.interview.group_applicants = applicants
    return group_id


@dataclass
class Prepared:
    """One applicant's interview, answer link and invitation email, ready to go."""

    applicant: Any
    interview: Any
    token_hash: str
    message: Any | None


def prepare(checked: Plan, applicant: Any, now: datetime) -> Prepared:
    from chalicelib.notify.compose import interview_email
    from chalicelib.store import interviews as interview_store

    data, recruiter = checked.data, checked.recruiter
    interview_id = new_id("int", now)
    nonce = new_nonce()
    token = invitation_token(recruiter.org, interview_id, nonce)
    token_hash = hash_of(token)
    invitation: dict[str, Any] = {
        "send_email": data.invitation.send_email,
        "from": str(data.invitation.from_) if data.invitation.from_ else None,
        "subject": data.invitation.subject,
        "body": data.invitation.body,
        "include_confirm_link": checked.include_link,
        "status": "not_sent",
    }
    message = None
    refused = data.invitation.send_email and email_undeliverable(applicant)
    if refused:
        invitation["status"] = "undeliverable"
        checked.warnings.append(
            contract.InterviewWarning(
                applicant_id=applicant.applicant_id,
                code="undeliverable",
                message="The applicant's email address bounced or complained: no invitation was emailed. "
                "Correct the address, then send it again (POST /interviews/{id}/resend).",
            )
        )
    if data.invitation.send_email and not refused:
        message = interview_email(
            checked.facts(applicant),
            interview_id,
            0,
            now,
            sender=invitation["from"],
            to=applicant.email,
            subject=pick(data.invitation.subject, applicant.language) or "",
            body=pick(data.invitation.body, applicant.language) or "",
            link=public_url("answer", token),
            include_link=checked.include_link,
        )
    interview = interview_store.new(
        recruiter.org,
        interview_id,
        applicant_id=applicant.applicant_id,
        applicant_name=f"{applicant.first_name} {applicant.last_name}",
        applicant_language=applicant.language,
        applicant_first_name=applicant.first_name,
        applicant_last_name=applicant.last_name,
        applicant_email=applicant.email,
        applicant_mobile=applicant.mobile,
        vacancy_id=applicant.vacancy_id,
        vacancy_title=checked.vacancy_titles.get(applicant.vacancy_id, ""),
        type=data.type,
        start_utc=checked.start_utc,
        local_start=local(checked.start_utc, data.timezone).strftime("%Y-%m-%dT%H:%M"),
        timezone=data.timezone,
        duration_minutes=data.duration_minutes,
        location=data.location,
        meeting_url=data.meeting_url,
        phone_note=data.phone_note,
        attendees=[attendee.model_dump(mode="json") for attendee in data.attendees],
        organizer_email=recruiter.email or None,
        organizer_name=recruiter.name or None,
        confirmation=checked.confirmation,
        invitation=invitation,
        answer_links=[token_hash],
        invitation_link_nonce=nonce,
        undeliverable_email=as_map(applicant.email_undeliverable).get("address"),
        reminder=dict(checked.reminder),
        created_at=now,
        updated_at=now,
        created_by=recruiter.user_id,
    )
    return Prepared(applicant, interview, token_hash, message)


def invite(checked: Plan, prepared: Prepared, now: datetime, policy: Any) -> Any:
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.domain.history import history_event
    from chalicelib.notify import email
    from chalicelib.store import deliveries as delivery_store
    from chalicelib.store import interviews as store

    interview = prepared.interview
    if prepared.message is not None:
        try:
            interview.invitation_message_id = email.send(prepared.message, org=checked.recruiter.org)
            interview.invitation["status"] = "sent"
            interview.invitation_delivery = pending(interview.invitation_message_id, now)
        except (ClientError, BotoCoreError) as exc:
            interview.invitation["status"] = "failed"
            checked.warnings.append(
                contract.InterviewWarning(
                    applicant_id=prepared.applicant.applicant_id,
                    code="email_failed",
                    message=f"The invitation email could not be sent ({exc}); the interview was still created.",
                )
            )
    event = history_event(
        now,
        checked.recruiter.user_id,
        "invited",
        interview_id=interview.interview_id,
        type=interview.type,
        start=checked.start_utc.isoformat(),
        email=interview.invitation["status"],
    )
    link = store.new_link(prepared.token_hash, interview)
    delivery = None
    if interview.invitation_message_id:  # what became of the email (bounces, complaints) is found by it
        delivery = delivery_store.sent(
            interview.org,
            interview.invitation_message_id,
            "email",
            "invitation",
            now,
            applicant_id=interview.applicant_id,
            interview_id=interview.interview_id,
        )
    write_interview(interview, link, prepared.applicant, event, now, policy, delivery)
    if prepared.message is not None:
        observability.count("InvitationsSent" if interview.invitation["status"] == "sent" else "InvitationsFailed")
    from chalicelib.services import team

    if interview.group_id:
        return interview  # the group's one event goes once all are stored (create)
    sent = team.notify(interview, "invite", now)  # with or without the applicant's email
    checked.warnings += [contract.InterviewWarning(**warning) for warning in sent]
    return interview


def write_interview(
    interview: Any,
    link: Any,
    applicant: Any,
    event: dict[str, Any],
    now: datetime,
    policy: Any,
    delivery: Any | None = None,
) -> None:
    """Retry on a concurrent change to the applicant: the invitation is already out, so the
    interview is written whatever happened; the applicant becomes `invited` only if they still may.

    The interview's end is the application's last activity (retention), unless a later one is known."""
    from pynamodb.exceptions import TransactWriteError

    from chalicelib.store import applicants as applicant_store
    from chalicelib.store import interviews as store
    from chalicelib.store.errors import lost_race

    for attempt in range(3):
        try:
            set_invited = invitable(applicant.status)
            ends = interview.start_utc + timedelta(minutes=int(interview.duration_minutes))
            last = retention_rules.later(applicant.last_activity_at or applicant.created_at, max(now, ends))
            status = "invited" if set_invited else applicant.status
            kept = retention.replan(applicant, policy, status=status, last_activity_at=last)
            store.create(
                interview, link, applicant, event, now, set_invited=set_invited, retention=kept, delivery=delivery
            )
            return
        except TransactWriteError as exc:
            if not lost_race(exc) or attempt == 2:
                raise
            applicant = applicant_store.get(applicant.org, applicant.applicant_id)


def invitation_token(org: str, interview_id: str, nonce: str) -> str:
    """The invitation's answer link token, made again for a resend (only its hash is stored)."""
    return derived_token(config.cursor_secret(), "answer-link", org, interview_id, nonce)


def email_undeliverable(applicant: Any) -> bool:
    """The applicant's address bounced for good or complained, and has not changed since."""
    return undeliverable(as_map(applicant.email_undeliverable).get("address"), applicant.email)
