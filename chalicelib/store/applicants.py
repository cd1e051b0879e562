from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from chalicelib.domain.errors import NotFoundError
from chalicelib.store.models import Applicant
from chalicelib.store.paging import one_page

DELETED = "deleted"


def listing_keys(org: str, vacancy_id: str, status: str) -> dict[str, str | None]:
    """The index keys that follow from status: a deleted applicant is off the vacancy's list."""
    return {
        "vacancy_listing": None if status == DELETED else f"{org}#{vacancy_id}",
        "org_status": f"{org}#{status}",
    }


def new(org: str, applicant_id: str, vacancy_id: str, now: datetime, **fields: Any) -> Applicant:
    status = fields.pop("status", "received")
    applicant = Applicant(
        org,
        applicant_id,
        vacancy_id=vacancy_id,
        status=status,
        created_at=now,
        updated_at=now,
        **listing_keys(org, vacancy_id, status),
        **fields,
    )
    return applicant


def unread(org: str, applicant_id: str) -> Applicant:
    """An applicant to update without reading it first.

    Write it with `add_version_condition=False`: with the version set to 0 PynamoDB
    turns the version into `ADD version 1`, so the update never loses to a concurrent
    change, yet a concurrent version-checked write still sees that something changed.
    """
    applicant = Applicant(org, applicant_id)
    applicant.version = 0
    return applicant


def add(applicant: Applicant) -> Applicant:
    applicant.save(condition=Applicant.applicant_id.does_not_exist())
    return applicant


def get(org: str, applicant_id: str) -> Applicant:
    try:
        return Applicant.get(org, applicant_id)
    except Applicant.DoesNotExist:
        raise NotFoundError(f"No applicant {applicant_id}.") from None


def get_many(org: str, applicant_ids: Iterable[str], consistent_read: bool = False) -> dict[str, Applicant]:
    """One BatchGetItem per 100 ids; ids of other organisations are simply not found."""
    keys = [(org, applicant_id) for applicant_id in dict.fromkeys(applicant_ids)]
    return {
        applicant.applicant_id: applicant for applicant in Applicant.batch_get(keys, consistent_read=consistent_read)
    }


def page_all(org: str, limit: int, start: dict | None) -> tuple[list[Applicant], dict | None]:
    return one_page(Applicant.query, limit, start, hash_key=org, scan_index_forward=False)


def page_by_status(
    org: str, status: str, limit: int, start: dict | None, vacancy_id: str | None = None
) -> tuple[list[Applicant], dict | None]:
    condition = Applicant.vacancy_id == vacancy_id if vacancy_id else None
    return one_page(
        Applicant.by_status.query,
        limit,
        start,
        hash_key=f"{org}#{status}",
        filter_condition=condition,
        scan_index_forward=False,
    )


def page_by_vacancy(org: str, vacancy_id: str, limit: int, start: dict | None) -> tuple[list[Applicant], dict | None]:
    return one_page(Applicant.by_vacancy.query, limit, start, hash_key=f"{org}#{vacancy_id}", scan_index_forward=False)
