"""Profile links and the applicant's own changes through them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pynamodb.transactions import TransactWrite

from chalicelib.domain.errors import NotFoundError
from chalicelib.domain.profiles import LINK_RETENTION
from chalicelib.store import history
from chalicelib.store.applicants import find, unread
from chalicelib.store.connection import connection
from chalicelib.store.errors import translated
from chalicelib.store.models import Applicant, ProfileLink


def new_link(token_hash: str, org: str, applicant_id: str, valid_until: datetime) -> ProfileLink:
    return ProfileLink(
        token_hash,
        org=org,
        applicant_id=applicant_id,
        valid_until=valid_until,
        expires_at=valid_until + LINK_RETENTION,
    )


def issue(link: ProfileLink, event: dict[str, Any], also: dict[str, Any] | None = None) -> None:
    """The link and the applicant's record of it (hash for purge, history event), both or neither.

    The applicant is not re-read: a blind update that still bumps the version, on the
    condition that they still exist and are not deleted meanwhile. `also`: further attributes of
    the applicant to set (None: remove), such as the retention run's record of a renewal notice.
    """
    applicant = unread(link.org, link.applicant_id)
    with (
        translated(
            "link",
            conflict="The applicant was deleted meanwhile; no link was stored.",
            unavailable="The link could not be stored just now; try again.",
        ),
        TransactWrite(connection=connection()) as transaction,
    ):
        transaction.save(link, condition=ProfileLink.token_hash.does_not_exist())
        transaction.save(history.item(link.org, link.applicant_id, event))
        also_actions = [
            getattr(Applicant, name).remove() if value is None else getattr(Applicant, name).set(value)
            for name, value in (also or {}).items()
        ]
        transaction.update(
            applicant,
            actions=[Applicant.profile_links.add({link.token_hash}), *also_actions],
            condition=Applicant.applicant_id.exists() & (Applicant.status != "deleted"),
            add_version_condition=False,
        )


def link(token_hash: str) -> ProfileLink | None:
    try:
        return ProfileLink.get(token_hash, consistent_read=True)
    except ProfileLink.DoesNotExist:
        return None


def applicant(org: str, applicant_id: str) -> Applicant | None:
    return find(org, applicant_id, consistent_read=True)


def get_applicant(org: str, applicant_id: str) -> Applicant:
    found = applicant(org, applicant_id)
    if found is None:
        raise NotFoundError(f"No applicant {applicant_id}.")
    return found


def correct(
    person: Applicant, changes: dict[str, Any], event: dict[str, Any], now: datetime, shown: dict[str, Any]
) -> None:
    """The applicant's corrections, conditional on the fields still being what they saw and on not being deleted.

    Not on the version: a rating or a history note bumps it without touching what the page shows.
    """
    actions = [
        getattr(Applicant, name).set(value) if value is not None else getattr(Applicant, name).remove()
        for name, value in changes.items()
    ]
    actions.append(Applicant.updated_at.set(now))
    condition = Applicant.status != "deleted"
    for name, value in shown.items():
        attribute = getattr(Applicant, name)
        condition &= attribute.does_not_exist() if value is None else attribute == value
    with (
        translated(
            "profile",
            conflict="The profile was changed meanwhile.",
            unavailable="The profile could not be saved just now; try again.",
        ),
        TransactWrite(connection=connection()) as transaction,
    ):
        transaction.save(history.item(person.org, person.applicant_id, event))
        transaction.update(person, actions=actions, condition=condition, add_version_condition=False)


def personal_items(person: Applicant) -> Iterator[ProfileLink]:
    """For purge: every profile link issued to the applicant."""
    for token_hash in sorted(person.profile_links or ()):
        yield ProfileLink(token_hash)
