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
