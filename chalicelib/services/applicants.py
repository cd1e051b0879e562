from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib import config
from chalicelib.api import models as api
from chalicelib.api.auth import Recruiter
from chalicelib.domain import cursors
from chalicelib.domain.errors import ConflictError
from chalicelib.domain.ids import new_id
from chalicelib.store import applicants as store
from chalicelib.store import interviews as interview_store
from chalicelib.store import vacancies as vacancy_store


def history_event(now: datetime, by: str, event: str, **details: Any) -> dict[str, Any]:
    entry = {"at": now.isoformat(), "by": by, "event": event}
    entry.update({key: value for key, value in details.items() if value is not None})
    return entry


def view(applicant) -> api.Applicant:
    return api.Applicant(
        id=applicant.applicant_id,
        vacancy_id=applicant.vacancy_id,
        first_name=applicant.first_name,
        last_name=applicant.last_name,
        email=applicant.email,
        mobile=applicant.mobile,
        language=applicant.language,
        status=applicant.status,
        application_text=applicant.application_text,
        screening_answers=applicant.screening_answers.as_dict() if applicant.screening_answers else None,
        rating=_rating(applicant),
        created_at=applicant.created_at,
        updated_at=applicant.updated_at,
        deletion_requested_at=applicant.deletion_requested_at,
        address=applicant.address,
    )


def _rating(applicant) -> float | None:
    """The average of the applicant's panel ratings (sum and count are kept on the applicant)."""
    from chalicelib.domain.ratings import average

    rated = average(applicant.rating_sum, applicant.rating_count)
    return rated if rated is not None else applicant.rating


def history_view(applicant) -> list[dict[str, Any]]:
    return [event.as_dict() if hasattr(event, "as_dict") else dict(event) for event in applicant.history or []]


def create(recruiter: Recruiter, vacancy_id: str, data: api.ApplicantCreate, now: datetime) -> api.Applicant:
    vacancy_store.get(recruiter.org, vacancy_id)
    applicant = store.new(
        recruiter.org,
        new_id("apl", now),
        vacancy_id,
        now,
        first_name=data.first_name,
        last_name=data.last_name,
        email=str(data.email),
        mobile=data.mobile,
        language=data.language,
        application_text=data.application_text,
        screening_answers=data.screening_answers,
        address=data.address,
        history=[history_event(now, recruiter.user_id, "received", vacancy_id=vacancy_id)],
    )
    return view(store.add(applicant))


def detail(recruiter: Recruiter, applicant_id: str) -> api.ApplicantDetail:
    applicant = store.get(recruiter.org, applicant_id)
    from chalicelib.services import interview_views, panels

    return api.ApplicantDetail(
        **view(applicant).model_dump(),
        interviews=interview_views.for_applicant(recruiter.org, applicant_id),
        history=history_view(applicant),
        ratings=panels.summary(applicant),
    )


def patch(recruiter: Recruiter, applicant_id: str, data: api.ApplicantPatch, now: datetime) -> api.Applicant:
    from pynamodb.exceptions import UpdateError

    from chalicelib.store.models import Applicant

    applicant = store.get(recruiter.org, applicant_id)
    changes = data.model_dump(exclude_unset=True)
    if "email" in changes:
        changes["email"] = str(changes["email"])
    actions = [
        getattr(Applicant, name).set(value) if value is not None else getattr(Applicant, name).remove()
        for name, value in changes.items()
    ]
    if not actions:
        return view(applicant)
    event = history_event(now, recruiter.user_id, "updated", fields=sorted(changes))
    actions += [Applicant.updated_at.set(now), Applicant.history.set(Applicant.history.append([event]))]
    try:
        applicant.update(actions=actions)
    except UpdateError as exc:
        if "ConditionalCheckFailed" in str(exc):
            raise ConflictError("The applicant was changed by someone else; reload and try again.") from exc
        raise
    if set(changes) & set(interview_store.CONTACT_FIELDS):
        interview_store.update_contact(recruiter.org, applicant_id, applicant)
    return view(applicant)


def page_for_vacancy(recruiter: Recruiter, vacancy_id: str, query: api.ApplicantQuery) -> api.ApplicantList:
    vacancy_store.get(recruiter.org, vacancy_id)
    scope = f"vacancy:{vacancy_id}:{query.status or ''}"
    secret = config.cursor_secret()
    start = cursors.decode(secret, recruiter.org, scope, query.cursor)
    if query.status:
        items, position = store.page_by_status(recruiter.org, query.status, query.limit, start, vacancy_id=vacancy_id)
    else:
        items, position = store.page_by_vacancy(recruiter.org, vacancy_id, query.limit, start)
    return api.ApplicantList(
        items=[view(item) for item in items], next_cursor=cursors.encode(secret, recruiter.org, scope, position)
    )


def page_for_org(recruiter: Recruiter, query: api.ApplicantQuery) -> api.ApplicantList:
    scope = f"applicants:{query.status or ''}"
    secret = config.cursor_secret()
    start = cursors.decode(secret, recruiter.org, scope, query.cursor)
    if query.status:
        items, position = store.page_by_status(recruiter.org, query.status, query.limit, start)
    else:
        items, position = store.page_all(recruiter.org, query.limit, start)
    return api.ApplicantList(
        items=[view(item) for item in items], next_cursor=cursors.encode(secret, recruiter.org, scope, position)
    )
