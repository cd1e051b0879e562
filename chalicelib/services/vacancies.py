from __future__ import annotations

from datetime import datetime

from chalicelib import config, contract
from chalicelib.domain import cursors
from chalicelib.domain.actors import Recruiter
from chalicelib.domain.ids import new_id
from chalicelib.store import vacancies as store


def view(vacancy) -> contract.Vacancy:
    return contract.Vacancy(
        id=vacancy.vacancy_id,
        title=vacancy.title,
        department=vacancy.department,
        location=vacancy.location,
        created_at=vacancy.created_at,
    )


def create(recruiter: Recruiter, data: contract.VacancyCreate, now: datetime) -> contract.Vacancy:
    vacancy = store.add(
        recruiter.org, new_id("vac", now), data.title, data.department, data.location, now=now, by=recruiter.user_id
    )
    return view(vacancy)


def get(recruiter: Recruiter, vacancy_id: str) -> contract.Vacancy:
    return view(store.get(recruiter.org, vacancy_id))


def page(recruiter: Recruiter, query: contract.Page) -> contract.VacancyList:
    secret = config.cursor_secret()
    start = cursors.decode(secret, recruiter.org, "vacancies", query.cursor)
    items, position = store.page(recruiter.org, query.limit, start)
    return contract.VacancyList(
        items=[view(item) for item in items], next_cursor=cursors.encode(secret, recruiter.org, "vacancies", position)
    )
