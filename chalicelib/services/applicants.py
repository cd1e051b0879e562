from __future__ import annotations

from datetime import datetime

from chalicelib import config, contract
from chalicelib.domain import cursors
from chalicelib.domain.actors import Recruiter
from chalicelib.domain.history import history_event
from chalicelib.domain.ids import new_id
from chalicelib.services.applicant_views import view
from chalicelib.store import applicants as store
from chalicelib.store import interviews as interview_store
from chalicelib.store import vacancies as vacancy_store


def create(recruiter: Recruiter, vacancy_id: str, data: contract.ApplicantCreate, now: datetime) -> contract.Applicant:
    from chalicelib.domain import retention as retention_rules
    from chalicelib.store import retention

    vacancy_store.get(recruiter.org, vacancy_id)
    applicant_id = new_id("apl", now)
    plan = retention_rules.plan(
        retention_rules.Facts(status="received", last_activity_at=now), retention.policy(recruiter.org)
    )
    applicant = store.new(
        recruiter.org,
        applicant_id,
        vacancy_id,
        now,
        last_activity_at=now,
        **retention.fields(recruiter.org, applicant_id, plan),
        first_name=data.first_name,
        last_name=data.last_name,
        email=str(data.email),
        mobile=data.mobile,
        language=data.language,
        application_text=data.application_text,
        screening_answers=data.screening_answers,
        address=data.address,
    )
    return view(store.add(applicant, history_event(now, recruiter.user_id, "received", vacancy_id=vacancy_id)))


HISTORY_SHOWN = 50  # the latest events GET /applicants/{id} shows; older ones are paged (history_next_cursor)


def detail(recruiter: Recruiter, applicant_id: str) -> contract.ApplicantDetail:
    found = store.detail(recruiter.org, applicant_id, HISTORY_SHOWN)
    from chalicelib.services import interview_views, panels

    return contract.ApplicantDetail(
        **view(found.applicant).model_dump(),
        interviews=[interview_views.view(interview).model_dump(mode="json") for interview in found.interviews],
        history=found.history,
        history_next_cursor=_history_cursor(recruiter, applicant_id, found.history_position),
        ratings=panels.summary(found.applicant, found.ratings),
    )


def _history_scope(applicant_id: str) -> str:
    return f"history:{applicant_id}"


def _history_cursor(recruiter: Recruiter, applicant_id: str, position: dict | None) -> str | None:
    return cursors.encode(config.cursor_secret(), recruiter.org, _history_scope(applicant_id), position)


def history_page(recruiter: Recruiter, applicant_id: str, query: contract.HistoryQuery) -> contract.HistoryList:
    """Older history, newest first, from where the applicant's detail (or the page before) stopped."""
    from chalicelib.store import history

    start = cursors.decode(config.cursor_secret(), recruiter.org, _history_scope(applicant_id), query.cursor)
    if start is None:
        store.get(recruiter.org, applicant_id)  # the first page of someone else's applicant is a 404 too
    events, position = history.page(recruiter.org, applicant_id, query.limit, start)
    return contract.HistoryList(items=events, next_cursor=_history_cursor(recruiter, applicant_id, position))


def patch(recruiter: Recruiter, applicant_id: str, data: contract.ApplicantPatch, now: datetime) -> contract.Applicant:
    applicant = store.get(recruiter.org, applicant_id)
    changes = data.model_dump(exclude_unset=True)
    if "email" in changes:
        changes["email"] = str(changes["email"])
    if not changes:
        return view(applicant)
    event = history_event(now, recruiter.user_id, "updated", fields=sorted(changes))
    store.change_fields(applicant, {**changes, "updated_at": now}, event)
    if set(changes) & set(interview_store.CONTACT_FIELDS):
        interview_store.update_contact(recruiter.org, applicant_id, applicant)
    return view(applicant)


def page_for_vacancy(recruiter: Recruiter, vacancy_id: str, query: contract.ApplicantQuery) -> contract.ApplicantList:
    vacancy_store.get(recruiter.org, vacancy_id)
    scope = f"vacancy:{vacancy_id}:{query.status or ''}"
    secret = config.cursor_secret()
    start = cursors.decode(secret, recruiter.org, scope, query.cursor)
    if query.status:
        items, position = store.page_by_status(recruiter.org, query.status, query.limit, start, vacancy_id=vacancy_id)
    else:
        items, position = store.page_by_vacancy(recruiter.org, vacancy_id, query.limit, start)
    return contract.ApplicantList(
        items=[view(item) for item in items], next_cursor=cursors.encode(secret, recruiter.org, scope, position)
    )


def page_for_org(recruiter: Recruiter, query: contract.OrgApplicantQuery) -> contract.ApplicantList:
    if query.retention_due_before is not None:
        from chalicelib.domain.errors import InvalidInputError
        from chalicelib.services import retention

        if query.status:
            raise InvalidInputError.field("retention_due_before", "cannot be combined with status")

        return retention.page_due(recruiter, query)
    scope = f"applicants:{query.status or ''}"
    secret = config.cursor_secret()
    start = cursors.decode(secret, recruiter.org, scope, query.cursor)
    if query.status:
        items, position = store.page_by_status(recruiter.org, query.status, query.limit, start)
    else:
        items, position = store.page_all(recruiter.org, query.limit, start)
    return contract.ApplicantList(
        items=[view(item) for item in items], next_cursor=cursors.encode(secret, recruiter.org, scope, position)
    )
