"""Vacancies.

Request and response models: validated by the HTTP layer, used by the services.
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from chalicelib.contract.common import Model, Name, Strict

# Vacancies ---------------------------------------------------------------------------------


class VacancyCreate(Strict):
    title: Name
    department: Optional[Name] = None
    location: Optional[Name] = None


class Vacancy(Model):
    id: str
    title: str
    department: Optional[str]
    location: Optional[str]
    created_at: datetime


class VacancyList(Model):
    items: list[Vacancy]
    next_cursor: Optional[str]
