"""Save & send access: the applicant's personal link to see, correct, or ask to delete their stored data.

Instead of mailing a username and password, the applicant gets a link (256-bit token,
only its hash stored, valid ACCESS_VALIDITY). The email goes first and the link is
stored after, with a history event carrying the SES message id; if storing fails the
emailed link answers 404, which we prefer to a link the applicant was never sent.

The page (GET changes nothing) shows the data; one POST endpoint takes either form:
`intent=correct` (the corrections, conditional on the version the page showed) or
`intent=delete` (a deletion request; see chalicelib/domain/profiles.py for where it leads).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from chalicelib import contract
from chalicelib.domain import profiles as rules
from chalicelib.domain.actors import Recruiter
from chalicelib.domain.errors import (
    ConflictError,
    InvalidInputError,
    InvalidTransitionError,
    RendezvousError,
    UnavailableError,
)
from chalicelib.domain.links import public_url
from chalicelib.domain.localize import format_date
from chalicelib.domain.tokens import looks_like_token, new_token, token_hash
from chalicelib.services.pages import Page, error_page, page, problem_page
from chalicelib.store import vacancies as vacancy_store

SECTION = "profile_page"
REJECTED_BY_SES = ("MessageRejected", "MailFromDomainNotVerifiedException", "NotFoundException", "BadRequestException")


# Sending the link (recruiters) ---------------------------------------------------------------


def send(
    recruiter: Recruiter, applicant_id: str, data: contract.ProfileAccessRequest, now: datetime
) -> contract.ProfileAccess:
    """POST /applicants/{id}/access: email the applicant a fresh profile link (any status but deleted)."""
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.store import profiles as store

    applicant = store.get_applicant(recruiter.org, applicant_id)
    if not rules.can_receive_access(applicant.status):
        raise InvalidTransitionError("The applicant is deleted; restore them before sending them access.")
    from chalicelib.services import organisations

    sender = organisations.outgoing(recruiter, now, data.from_, emails=1)
    try:
        valid_until, message_id = issue(recruiter, applicant, sender, now, saved=False)
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code in REJECTED_BY_SES:
            raise InvalidInputError.field("from", f"the email could not be sent from this address ({code})") from exc
        raise UnavailableError("The email could not be sent just now; try again.") from exc
    except BotoCoreError as exc:
        raise UnavailableError("The email could not be sent just now; try again.") from exc
    return contract.ProfileAccess(applicant_id=applicant_id, valid_until=valid_until, message_id=message_id)


def after_save(recruiter: Recruiter, applicant: Any, sender: str, now: datetime) -> contract.AccessSent:
    """`save` with `send_access`: the applicant is saved already; how the access email went is reported."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        valid_until, message_id = issue(recruiter, applicant, sender, now, saved=True)
    except (ClientError, BotoCoreError) as exc:
        return contract.AccessSent(
            sent=False, error=contract.ActionError(code="send_failed", message=f"The access email was not sent: {exc}")
        )
    except RendezvousError as exc:
        return contract.AccessSent(sent=False, error=contract.ActionError(code="conflict", message=exc.detail))
    return contract.AccessSent(sent=True, valid_until=valid_until, message_id=message_id)


def issue(recruiter: Recruiter, applicant: Any, sender: str, now: datetime, saved: bool) -> tuple[datetime, str]:
    """Send the link, then store it; SES errors propagate before anything is stored."""
    from chalicelib.domain.errors import ConflictError
    from chalicelib.domain.history import history_event
    from chalicelib.notify import email
    from chalicelib.services import deliveries
    from chalicelib.services.invitations import email_undeliverable
    from chalicelib.store import profiles as store

    if email_undeliverable(applicant):
        raise ConflictError(
            deliveries.UNDELIVERABLE["message"], errors=[{"field": "email", "message": "is undeliverable"}]
        )
    token, hashed = new_token()
    valid_until = now + rules.ACCESS_VALIDITY
    message = _email(applicant, sender, public_url("profile", token), valid_until, saved)
    message_id = email.send(message, org=recruiter.org)
    event = history_event(
        now, recruiter.user_id, "access_sent", valid_until=valid_until.isoformat(), message_id=message_id
    )
    consent = {"consent_at": now} if saved else None  # saving with access is the applicant's first consent
    store.issue(store.new_link(hashed, applicant.org, applicant.applicant_id, valid_until), event, consent)
    deliveries.track(recruiter.org, message_id, "access_link", now, applicant_id=applicant.applicant_id)
    return valid_until, message_id


def renewal_notice(
    applicant: Any,
    sender: str,
    reply_to: str | None,
    delete_on: date,
    policy: Any,
    after: dict[str, Any],
    now: datetime,
) -> str:
    """The retention run's question to the owner of a saved profile: keep it another period, or delete it.

    A fresh profile link (valid until the profile would go) goes in the email; the email first, then
    the link, the history event and `after` (the notice recorded, the retention date) in one write.
    """
    from chalicelib.domain.history import history_event
    from chalicelib.notify import email
    from chalicelib.services import deliveries
    from chalicelib.store import profiles as store

    token, hashed = new_token()
    end_of_period = datetime.combine(delete_on, datetime.min.time(), tzinfo=UTC) + timedelta(days=1)
    valid_until = max(now + rules.ACCESS_VALIDITY, end_of_period)
    message = _renewal_email(applicant, sender, reply_to, public_url("profile", token), delete_on, policy)
    message_id = email.send(message, org=applicant.org)
    deliveries.track(applicant.org, message_id, "renewal", now, applicant_id=applicant.applicant_id)
    event = history_event(now, "retention", "renewal_asked", delete_on=delete_on.isoformat(), message_id=message_id)
    store.issue(store.new_link(hashed, applicant.org, applicant.applicant_id, valid_until), event, after)
    return message_id


def _renewal_email(applicant: Any, sender: str, reply_to: str | None, link: str, delete_on: date, policy: Any) -> Any:
    language = applicant.language
    values = {
        "firstname": applicant.first_name,
        "date": format_date(delete_on, language, "long"),
        "months": str(policy.saved_profiles_months),
    }
    keys = ["greeting", "body", "keep", "otherwise"]
    return _link_email(applicant, "renewal_email", keys, values, sender, reply_to, link, "renewal")


def _email(applicant: Any, sender: str, link: str, valid_until: datetime, saved: bool) -> Any:
    language = applicant.language
    values = {
        "firstname": applicant.first_name,
        "vacancy": vacancy_store.title(applicant.org, applicant.vacancy_id),
        "valid_until": format_date(valid_until, language, "long"),
    }
    keys = ["greeting", *(["saved_intro"] if saved else []), "body", "valid"]
    return _link_email(applicant, "access_email", keys, values, sender, None, link, "access_link")


def _link_email(
    applicant: Any,
    catalog: str,
    keys: list[str],
    values: dict[str, str],
    sender: str,
    reply_to: str | None,
    link: str,
    purpose: str,
) -> Any:
    """An email to the applicant carrying their profile link: the catalog's paragraphs `keys`, in their language."""
    from chalicelib.domain.tags import render
    from chalicelib.notify import email
    from chalicelib.notify.compose import render_layout
    from chalicelib.templating import texts

    language = applicant.language
    wording = texts(language)[catalog]
    rendered = render_layout(
        language,
        wording["subject"],
        "\n\n".join(render(wording[key], values) for key in keys),
        values={},
        details=[],
        link=link,
        link_sentence=wording["link_sentence"],
        link_button=wording["link_button"],
        footer=wording["footer"],
    )
    return email.Email(
        to=applicant.email,
        sender=sender,
        reply_to=reply_to,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        purpose=purpose,
    )


# The applicant's page (public) ---------------------------------------------------------------


def _refusal(key: str, status: int, language: str = "en") -> Page:
    return problem_page(key, status, language, SECTION)


def _load(token: str, now: datetime) -> tuple[Any, Any, Page | None]:
    """The link and the applicant behind a live link, or the page that says why there is none."""
    from chalicelib.store import profiles as store

    if not looks_like_token(token):
        return None, None, _refusal("not_found", 404)
    link = store.link(token_hash(token))
    if link is None:
        return None, None, _refusal("not_found", 404)
    applicant = store.applicant(link.org, link.applicant_id)
    if applicant is None:
        return None, None, _refusal("not_found", 404)
    if link.valid_until <= now:
        return None, None, _refusal("gone", 410, applicant.language)
    if applicant.deletion_requested_at is None and applicant.status == "deleted":
        return None, None, _refusal("gone", 410, applicant.language)
    return link, applicant, None


def _document_names(applicant: Any) -> list[str]:
    """The files stored about them (CVs, attachments, contracts), by the names they were given."""
    from chalicelib.store import documents

    return [
        doc.filename
        for doc in documents.for_applicant(applicant.org, applicant.applicant_id)
        if doc.status == "uploaded"
    ]


def _stored_values(applicant: Any) -> dict[str, Any]:
    return {name: getattr(applicant, name) for name in rules.CORRECTABLE}


def _render(
    link: Any,
    applicant: Any,
    status: int = 200,
    notice: str | None = None,
    problems: dict[str, str] | None = None,
    form: dict[str, Any] | None = None,
) -> Page:
    from chalicelib.templating import texts

    language = applicant.language
    answers = applicant.screening_answers.as_dict() if applicant.screening_answers else {}
    keep = None
    if applicant.status == "saved" and applicant.delete_on:
        from chalicelib.store import retention

        keep = {
            "until": format_date(date.fromisoformat(applicant.delete_on), language, "long"),
            "months": retention.policy(applicant.org).saved_profiles_months,
        }
    return page(
        "profile.html",
        status,
        language,
        SECTION,
        full_name=f"{applicant.first_name} {applicant.last_name}",
        applicant=applicant,
        vacancy=vacancy_store.title(applicant.org, applicant.vacancy_id),
        status_text=texts(language)[SECTION]["statuses"].get(applicant.status, applicant.status),
        answers=answers,
        documents=_document_names(applicant),
        valid=format_date(link.valid_until, language, "long"),
        form={**_stored_values(applicant), "version": rules.fingerprint(_stored_values(applicant)), **(form or {})},
        languages=list(texts(language)[SECTION]["languages"].items()),
        notice=notice,
        problems=problems or {},
        keep=keep,
        org=applicant.org,
    )


def _deletion_page(applicant: Any) -> Page:
    language = applicant.language
    return page(
        "profile_deleted.html",
        200,
        language,
        SECTION,
        date=format_date(applicant.deletion_requested_at, language, "long"),
        withdrawn=applicant.status == "deleted",
        org=applicant.org,
    )


def show(token: str, now: datetime) -> Page:
    link, applicant, refusal = _load(token, now)
    if refusal:
        return refusal
    if applicant.deletion_requested_at is not None:
        return _deletion_page(applicant)
    return _render(link, applicant)


def submit(token: str, form: dict[str, str], now: datetime) -> Page:
    """One endpoint for both forms on the page, so the page's URL never changes."""
    link, applicant, refusal = _load(token, now)
    if refusal:
        return refusal
    if applicant.deletion_requested_at is not None:
        return _deletion_page(applicant)  # asked already: nothing more to change
    intent = form.get("intent", "correct")
    if intent == "correct":
        return _correct(link, applicant, form, now)
    if intent == "delete":
        return _request_deletion(link, applicant, form, now)
    if intent == "keep" and applicant.status == "saved":
        return _keep(link, applicant, now)
    return _refusal("bad_request", 400, applicant.language)


def _keep(link: Any, applicant: Any, now: datetime) -> Page:
    """ "Keep my profile": the applicant's consent, recorded with its time; the period starts again."""
    from chalicelib.domain.history import history_event
    from chalicelib.services.pages import too_many_page
    from chalicelib.store import profiles as store
    from chalicelib.store import retention
    from chalicelib.store.links import count_change

    if not count_change("profile", link.token_hash, now, link.changes_hour):
        return too_many_page(applicant.language, now)
    policy = retention.policy(applicant.org)
    for _attempt in range(2):
        changes = {"consent_at": now, **retention.replan(applicant, policy, consent_at=now)}
        event = history_event(now, "applicant", "consent_renewed", delete_on=changes.get("delete_on"))
        try:
            retention.with_event(applicant, changes, event, now)
        except ConflictError:
            applicant = store.applicant(link.org, link.applicant_id)
            if applicant is None or applicant.status != "saved" or applicant.deletion_requested_at is not None:
                return _refusal("stale", 409, applicant.language if applicant else "en")
            continue
        return _render(link, applicant, notice="kept")
    return _refusal("busy", 409, applicant.language)


def _correct(link: Any, applicant: Any, form: dict[str, str], now: datetime) -> Page:
    from pydantic import ValidationError

    from chalicelib.domain.history import history_event
    from chalicelib.store import interviews as interview_store
    from chalicelib.store import profiles as store
    from chalicelib.templating import texts

    submitted = {name: form.get(name, "") for name in (*rules.CORRECTABLE, "version")}
    try:
        correction = contract.ProfileCorrection.model_validate(submitted)
    except ValidationError as exc:
        wording = texts(applicant.language)[SECTION]["invalid"]
        fields = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
        problems = {name: wording.get(name, wording["title"]) for name in fields}
        return _render(link, applicant, 400, problems=problems, form=submitted)
    values = correction.model_dump(include=set(rules.CORRECTABLE))
    values["email"] = str(values["email"])
    changes = rules.corrections(_stored_values(applicant), values)
    if not changes:
        return _render(link, applicant, notice="unchanged")
    if correction.version != rules.fingerprint(_stored_values(applicant)):
        return _refusal("stale", 409, applicant.language)
    from chalicelib.services.pages import too_many_page
    from chalicelib.store.links import count_change

    if not count_change("profile", link.token_hash, now, link.changes_hour):
        return too_many_page(applicant.language, now)
    event = history_event(now, "applicant", "profile_corrected", fields=sorted(changes))
    try:
        store.correct(applicant, changes, event, now, shown=_stored_values(applicant))
    except ConflictError:
        return _refusal("stale", 409, applicant.language)
    for name, value in changes.items():
        setattr(applicant, name, value)
    if set(changes) & set(interview_store.CONTACT_FIELDS):
        interview_store.update_contact(applicant.org, applicant.applicant_id, applicant)
    return _render(link, applicant, notice="saved")


def _request_deletion(link: Any, applicant: Any, form: dict[str, str], now: datetime) -> Page:
    from chalicelib.domain.history import history_event
    from chalicelib.store import actions as action_store
    from chalicelib.store import profiles as store
    from chalicelib.store import retention

    if form.get("confirm") != "yes":
        return _render(link, applicant, 400, problems={"confirm": _wording(applicant, "invalid")["confirm"]})
    policy = retention.policy(applicant.org)
    for _attempt in range(2):
        status = rules.after_deletion_request(applicant.status)
        event = history_event(now, "applicant", "deletion_requested", from_status=applicant.status, status=status)
        set_fields: dict[str, Any] = {"deletion_requested_at": now}
        if status == "deleted" and applicant.status != "deleted":
            set_fields["status_before_delete"] = applicant.status
        # due the day they asked (domain/retention.py); a hold or a hire still keeps them
        set_fields.update(
            retention.replan(applicant, policy, status=status, last_activity_at=now, deletion_requested_at=now)
        )
        try:
            action_store.change(applicant, status, event, now, set_fields)
        except ConflictError:
            applicant = store.applicant(link.org, link.applicant_id)
            if applicant is None:
                return _refusal("not_found", 404)
            if applicant.deletion_requested_at is not None:
                return _deletion_page(applicant)
            continue
        applicant.status, applicant.deletion_requested_at = status, now
        return _deletion_page(applicant)
    return _refusal("busy", 409, applicant.language)


def _wording(applicant: Any, key: str) -> Any:
    from chalicelib.templating import texts

    return texts(applicant.language)[SECTION][key]


def failure_page(error: RendezvousError) -> Page:
    """For errors raised before the page's own handling (a form that is not UTF-8, the store failing)."""
    return error_page(SECTION, error.status)
