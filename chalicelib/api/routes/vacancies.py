"""Vacancies."""

from __future__ import annotations

from chalicelib.api.web import Request, Routes
from chalicelib.lazy import lazy_import

vacancies = lazy_import("chalicelib.services.vacancies")

routes = Routes()


@routes.route(
    "/vacancies", "POST", idempotent=True, body="VacancyCreate", response="Vacancy", status=201, tags=("vacancies",)
)
def create_vacancy(req: Request):
    """Create a vacancy."""
    return vacancies.create(req.recruiter, req.body, req.now)


@routes.route("/vacancies", query="Page", response="VacancyList", tags=("vacancies",))
def list_vacancies(req: Request):
    """The organisation's vacancies, newest first."""
    return vacancies.page(req.recruiter, req.query)


@routes.route("/vacancies/{vacancy_id}", response="Vacancy", tags=("vacancies",))
def get_vacancy(req: Request, vacancy_id: str):
    """One vacancy."""
    return vacancies.get(req.recruiter, vacancy_id)
