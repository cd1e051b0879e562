from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.domain.errors import NotFoundError
from chalicelib.store.models import Vacancy
from chalicelib.store.paging import one_page


def add(
    org: str, vacancy_id: str, title: str, department: str | None, location: str | None, now: datetime, by: str
) -> Vacancy:
    vacancy = Vacancy(
        org, vacancy_id, title=title, department=department, location=location, created_at=now, created_by=by
    )
    vacancy.save(condition=Vacancy.vacancy_id.does_not_exist())
    return vacancy


def get(org: str, vacancy_id: str) -> Vacancy:
    try:
        return Vacancy.get(org, vacancy_id)
    except Vacancy.DoesNotExist:
        raise NotFoundError(f"No vacancy {vacancy_id}.") from None


def page(org: str, limit: int, start: dict[str, Any] | None) -> tuple[list[Vacancy], dict | None]:
    return one_page(Vacancy.query, limit, start, hash_key=org, scan_index_forward=False)


def title(org: str, vacancy_id: str) -> str:
    """The vacancy's title, or "" once it is gone (a letter or an email still goes out without it)."""
    try:
        return Vacancy.get(org, vacancy_id).title
    except Vacancy.DoesNotExist:
        return ""


def titles(org: str, vacancy_ids: set[str]) -> dict[str, str]:
    """The titles of several vacancies in one BatchGetItem (per 100); a vacancy that is gone is left out."""
    return {vacancy.vacancy_id: vacancy.title for vacancy in Vacancy.batch_get([(org, v) for v in vacancy_ids])}
