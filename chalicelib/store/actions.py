"""The writes of the recruitment actions: one conditional write per applicant.

Every write is conditioned on the status and the version the service read, so two
concurrent actions on one applicant cannot both win: the loser gets ConflictError and
nothing of it is written. A write that needs a second item (hire creates an employee,
purge removes interviews and answer links) is one DynamoDB transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, NoReturn

from pynamodb.exceptions import PynamoDBException
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.domain.errors import ConflictError, UnavailableError
from chalicelib.store import attendance, deliveries, history, interview_offers, panels, profiles
from chalicelib.store.applicants import DELETED, get_many, listing_keys
from chalicelib.store.connection import connection
from chalicelib.store.errors import lost_race
from chalicelib.store.models import (
    APPLICANT_ITEM,
    INTERVIEW_PREFIX,
    AnswerLink,
    Applicant,
    Document,
    Employee,
    Interview,
    collection_key,
)
from chalicelib.store.panels import Detach

TRANSACTION_LIMIT = 100  # items in one TransactWriteItems


def load(org: str, applicant_ids: Iterable[str]) -> dict[str, Applicant]:
    """The applicants as they are now (strongly consistent), one BatchGetItem per 100 ids."""
    return get_many(org, applicant_ids, consistent_read=True)


def change(
    applicant: Applicant,
    status: str,
    event: dict[str, Any],
    now: datetime,
    set_fields: dict[str, Any] | None = None,
    remove_fields: Iterable[str] = (),
) -> None:
    """Move the applicant to `status`, change the given fields and add `event` to the history: one transaction."""
    changes = _changes(applicant, status, now, set_fields or {}, remove_fields)
    try:
        with TransactWrite(connection=connection()) as transaction:
            transaction.save(history.item(applicant.org, applicant.applicant_id, event))
            transaction.update(applicant, actions=_actions(changes), condition=_unchanged(applicant))
    except PynamoDBException as exc:
        _raise_for(exc)
    _apply(applicant, changes)


def hire(
    applicant: Applicant,
    event: dict[str, Any],
    now: datetime,
    employee: Employee,
    set_fields: dict[str, Any] | None = None,
) -> None:
    """The applicant becomes `hired` and the employee is created, both or neither."""
    changes = _changes(applicant, "hired", now, set_fields or {}, ())
    try:
        with TransactWrite(connection=connection()) as transaction:
            transaction.update(applicant, actions=_actions(changes), condition=_unchanged(applicant))
            transaction.save(employee, condition=Employee.employee_id.does_not_exist())
            transaction.save(history.item(applicant.org, applicant.applicant_id, event))
    except PynamoDBException as exc:
        _raise_for(exc)
    _apply(applicant, changes)


def start_purge(applicant: Applicant, now: datetime) -> None:
    """Mark the deleted applicant as being purged, before anything that no transaction covers (their files) goes.

    From here on they cannot be restored (domain.pipeline), and the version moves on, so a
    restore that read them before this write loses its race instead of reviving a half-erased
    applicant.
    """
    try:
        applicant.update(
            actions=[Applicant.purge_started_at.set(now)],
            condition=(Applicant.status == DELETED),
        )
    except PynamoDBException as exc:
        _raise_for(exc)


def purge(applicant: Applicant, documents: Iterable[Document] = ()) -> None:
    """Remove a deleted applicant's item collection (the applicant and their history), their interviews and the
    interviews' answer links, and the metadata of their documents (whose files the service has erased first).

    Also gone: their ratings, their place on rating panels (the panel stays for the
    other candidates) and their profile links.

    Nothing else stores their personal data: employees exist only for hired applicants,
    who cannot be deleted. Each transaction re-checks that the applicant is still the
    deleted one we read, so a concurrent restore stops the purge before anything of
    theirs is removed; the applicant item goes last, so a purge that fails half-way can
    simply be repeated from the deleted list.

    The history goes first, in batches of 25 (BatchWriteItem, no transaction): it holds
    nothing that decides anything, a purge that started cannot be undone (restore is refused
    from `start_purge` on), and so however long the history is, purging it never fails.
    """
    try:
        history.delete_all(applicant.org, applicant.applicant_id)
    except PynamoDBException as exc:
        _raise_for(exc)
    still_deleted = Applicant.status == DELETED  # and, on the applicant's own delete, its version
    children = [*_personal_items(applicant), *documents]
    chunk_size = TRANSACTION_LIMIT - 1
    chunks = [children[at : at + chunk_size] for at in range(0, len(children), chunk_size)] or [[]]
    try:
        for number, chunk in enumerate(chunks, start=1):
            with TransactWrite(connection=connection()) as transaction:
                for item in chunk:
                    if isinstance(item, Detach):
                        transaction.update(
                            item.item, actions=item.actions, condition=item.condition, add_version_condition=False
                        )
                    else:
                        transaction.delete(item, add_version_condition=False)
                if number == len(chunks):
                    transaction.delete(applicant, condition=still_deleted)
                else:
                    transaction.condition_check(
                        Applicant,
                        collection_key(applicant.org, applicant.applicant_id),
                        APPLICANT_ITEM,
                        condition=still_deleted & (Applicant.version == applicant.version),
                    )
    except PynamoDBException as exc:
        _raise_for(exc)


def _personal_items(applicant: Applicant) -> Iterator[Model | Detach]:
    key = collection_key(applicant.org, applicant.applicant_id)
    for interview in Interview.query(key, Interview.item_key.startswith(INTERVIEW_PREFIX), consistent_read=True):
        yield interview
        yield from attendance.keys(interview, attendance.emails(interview.attendees))
        for token_hash in interview.answer_links or []:
            yield AnswerLink(token_hash)
    # Rating panels and profile access: their ratings, their place on panels, their profile links.
    yield from panels.personal_items(applicant)
    yield from profiles.personal_items(applicant)
    yield from deliveries.personal_items(applicant)
    # Interview offers: their offers (the slots name nobody) and the offers' links.
    yield from interview_offers.personal_items(applicant.org, applicant.applicant_id)


def _changes(
    applicant: Applicant,
    status: str,
    now: datetime,
    set_fields: dict[str, Any],
    remove_fields: Iterable[str],
) -> dict[str, Any]:
    """Every attribute the change writes, None for one it removes."""
    vacancy_id = set_fields.get("vacancy_id", applicant.vacancy_id)
    changes: dict[str, Any] = {"status": status, "updated_at": now}
    changes.update(listing_keys(applicant.org, vacancy_id, status))
    changes.update(set_fields)
    changes.update(dict.fromkeys(remove_fields))
    return changes


def _actions(changes: dict[str, Any]) -> list[Action]:
    return [
        getattr(Applicant, name).remove() if value is None else getattr(Applicant, name).set(value)
        for name, value in changes.items()
    ]


def _apply(applicant: Applicant, changes: dict[str, Any]) -> None:
    """The applicant as written (a transaction returns nothing to read it back from; PynamoDB moves the version)."""
    for name, value in changes.items():
        setattr(applicant, name, value)


def _unchanged(applicant: Applicant) -> Condition:
    """The status we decided on is still the stored one (PynamoDB adds the version check)."""
    return Applicant.status == applicant.status


def _raise_for(exc: PynamoDBException) -> NoReturn:
    if lost_race(exc):
        raise ConflictError("The applicant was changed by someone else meanwhile; reload and try again.") from exc
    raise UnavailableError("The applicant could not be changed just now; try again.") from exc
