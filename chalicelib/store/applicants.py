from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.domain.errors import NotFoundError
from chalicelib.store import history
from chalicelib.store.models import (
    APPLICANT_ITEM,
    Applicant,
    ApplicantItem,
    HistoryEvent,
    Interview,
    Rating,
    collection_key,
)
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
        applicant_org=org,
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


def add(applicant: Applicant, event: dict[str, Any]) -> Applicant:
    """The new applicant and the first event of their history, both or neither."""
    from pynamodb.transactions import TransactWrite

    from chalicelib.store.connection import connection
    from chalicelib.store.errors import translated

    with translated("applicant"), TransactWrite(connection=connection()) as transaction:
        transaction.save(applicant, condition=Applicant.applicant_id.does_not_exist())
        transaction.save(history.item(applicant.org, applicant.applicant_id, event))
    return applicant


def change_fields(applicant: Applicant, changes: dict[str, Any], event: dict[str, Any]) -> None:
    """A recruiter's change of personal fields (None removes one) and its history event: one transaction,
    conditional on the version read, so a concurrent change makes it a 409 instead of being overwritten."""
    from pynamodb.transactions import TransactWrite

    from chalicelib.store.connection import connection
    from chalicelib.store.errors import translated

    actions = [
        getattr(Applicant, name).remove() if value is None else getattr(Applicant, name).set(value)
        for name, value in changes.items()
    ]
    with (
        translated("applicant", conflict="The applicant was changed by someone else; reload and try again."),
        TransactWrite(connection=connection()) as transaction,
    ):
        transaction.save(history.item(applicant.org, applicant.applicant_id, event))
        transaction.update(applicant, actions=actions)
    for name, value in changes.items():  # the transaction returns nothing; PynamoDB moved the version
        setattr(applicant, name, value)


def get(org: str, applicant_id: str) -> Applicant:
    try:
        return Applicant.get(collection_key(org, applicant_id), APPLICANT_ITEM)
    except Applicant.DoesNotExist:
        raise NotFoundError(f"No applicant {applicant_id}.") from None


def find(org: str, applicant_id: str, consistent_read: bool = False) -> Applicant | None:
    try:
        return Applicant.get(collection_key(org, applicant_id), APPLICANT_ITEM, consistent_read=consistent_read)
    except Applicant.DoesNotExist:
        return None


RATINGS_READ_AHEAD = 20  # ratings the detail's one Query makes room for (a panel has at most 20 reviewers)
INTERVIEWS_READ_AHEAD = 20  # interviews it makes room for (an applicant rarely has more than a handful)


@dataclass
class Detail:
    applicant: Applicant
    ratings: list[Rating]
    interviews: list[Interview]  # every one, in order of id
    history: list[dict[str, Any]]  # the latest events, oldest first
    history_position: dict | None  # where the older events go on (history.page)


def detail(org: str, applicant_id: str, history_limit: int) -> Detail:
    """The applicant, their ratings, their interviews and their latest `history_limit` events: one Query.

    The collection is read backwards from its head: the applicant item sorts after everything
    else (`~applicant`), then come the ratings (`rating#`), the interviews (`interview#`) and
    the events (`event#`), newest first. One Query for 1 + RATINGS_READ_AHEAD +
    INTERVIEWS_READ_AHEAD + `history_limit` items holds it all, however long the history; only
    an applicant with more ratings and interviews than that costs a further Query (PynamoDB goes
    on from where the first stopped), until the events shown are complete or the collection ends.
    """
    key = collection_key(org, applicant_id)
    budget = 1 + RATINGS_READ_AHEAD + INTERVIEWS_READ_AHEAD + history_limit
    result = ApplicantItem.query(key, scan_index_forward=False, page_size=budget)
    applicant: Applicant | None = None
    ratings: list[Rating] = []
    interviews: list[Interview] = []
    events: list[HistoryEvent] = []
    for item in result:  # a further page only while the events shown are not complete
        if isinstance(item, Applicant):
            applicant = item
        elif isinstance(item, Rating):
            ratings.append(item)
        elif isinstance(item, Interview):
            interviews.append(item)
        elif isinstance(item, HistoryEvent):
            events.append(item)
            if len(events) == history_limit:
                break
        if applicant is None:
            break  # no applicant item at the head: there is no such applicant
    if applicant is None:
        raise NotFoundError(f"No applicant {applicant_id}.")
    position = None
    if len(events) == history_limit:
        position = {"applicant_key": {"S": key}, "item_key": {"S": events[-1].item_key}}
    history_shown = [history.view(event) for event in reversed(events)]
    return Detail(applicant, ratings, list(reversed(interviews)), history_shown, position)


def get_many(org: str, applicant_ids: Iterable[str], consistent_read: bool = False) -> dict[str, Applicant]:
    """One BatchGetItem per 100 ids; ids of other organisations are simply not found."""
    keys = [(collection_key(org, applicant_id), APPLICANT_ITEM) for applicant_id in dict.fromkeys(applicant_ids)]
    return {
        applicant.applicant_id: applicant for applicant in Applicant.batch_get(keys, consistent_read=consistent_read)
    }


def page_all(org: str, limit: int, start: dict | None) -> tuple[list[Applicant], dict | None]:
    return one_page(Applicant.by_org.query, limit, start, hash_key=org, scan_index_forward=False)


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
