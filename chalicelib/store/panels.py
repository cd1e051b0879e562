"""Rating panels, reviewers' links and ratings: every write that touches them.

A panel is created in one transaction with its links and the applicants' history, so
there is never a link to a panel that does not exist or an applicant sent for rating
without knowing it. A reviewer's submission is one transaction too: the ratings (each
conditional on the version read), the applicants' sum and count (ADDed, so the average
needs no read and concurrent reviewers never lose each other's votes), and the panel
(conditional on being open, so nothing lands after it closed).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pynamodb.exceptions import PynamoDBException
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.domain.errors import ConflictError, NotFoundError, UnavailableError
from chalicelib.domain.ratings import LINK_RETENTION, RATEABLE
from chalicelib.store import history
from chalicelib.store.applicants import unread
from chalicelib.store.connection import connection
from chalicelib.store.errors import lost_race
from chalicelib.store.models import RATING_PREFIX, Applicant, Rating, RatingLink, RatingPanel, collection_key
from chalicelib.store.paging import one_page

TRANSACTION_LIMIT = 100  # items in one TransactWriteItems


@dataclass
class Detach:
    """An update that takes an applicant out of an item that stays (purge uses it for panels)."""

    item: Model
    actions: list[Action]
    condition: Condition


@dataclass
class RatingWrite:
    """One rating to save, with what it adds to the applicant's sum and count."""

    rating: Rating
    sum_delta: int
    count_delta: int


def rating_keys(org: str, applicant_id: str, panel_id: str, reviewer_id: str) -> tuple[str, str]:
    """A rating is an item of the applicant's collection (store.models)."""
    return collection_key(org, applicant_id), f"{RATING_PREFIX}{panel_id}#{reviewer_id}"


def still_rateable(vacancy_id: str) -> Condition:
    """The applicant is still a candidate on the vacancy they were sent for."""
    return Applicant.status.is_in(*RATEABLE) & (Applicant.vacancy_id == vacancy_id)


def new_panel(org: str, panel_id: str, **fields: Any) -> RatingPanel:
    """A panel to be created (`create`): its candidates, reviewers, sender, language, time zone, closing time."""
    return RatingPanel(org, panel_id, **fields)


def new_link(token_hash: str, org: str, panel_id: str, reviewer_id: str, valid_until: datetime) -> RatingLink:
    """A reviewer's personal link (by the SHA-256 of its token), valid until the panel closes."""
    return RatingLink(
        token_hash,
        org=org,
        panel_id=panel_id,
        reviewer_id=reviewer_id,
        valid_until=valid_until,
        expires_at=valid_until + LINK_RETENTION,
    )


def new_rating(
    org: str, applicant_id: str, vacancy_id: str, panel_id: str, reviewer: dict[str, Any], at: datetime
) -> Rating:
    """A reviewer's first rating of an applicant, an item of the applicant's collection (`save_ratings` writes it)."""
    applicant_key, rating_key = rating_keys(org, applicant_id, panel_id, reviewer["id"])
    return Rating(
        applicant_key,
        rating_key,
        org=org,
        applicant_id=applicant_id,
        vacancy_id=vacancy_id,
        panel_id=panel_id,
        reviewer_id=reviewer["id"],
        reviewer_name=reviewer["name"],
        rated_at=at,
    )


def create(panel: RatingPanel, links: list[RatingLink], events: dict[str, dict[str, Any]]) -> None:
    """The panel, its links, and each applicant's history event, all or nothing.

    A transaction holds at most 100 items; the largest panel (40 applicants, each an update
    and an event, and 20 reviewers' links) needs 101. Then the links go first, in a
    transaction of their own: a link to a panel that was never stored is as dead as an
    unknown one (the rating page reads the panel), and is swept by its TTL.
    """
    try:
        if 1 + len(links) + 2 * len(events) > TRANSACTION_LIMIT:
            with TransactWrite(connection=connection()) as transaction:
                for link in links:
                    transaction.save(link, condition=RatingLink.token_hash.does_not_exist())
            links = []
        with TransactWrite(connection=connection()) as transaction:
            transaction.save(panel, condition=RatingPanel.panel_id.does_not_exist())
            for link in links:
                transaction.save(link, condition=RatingLink.token_hash.does_not_exist())
            for applicant_id, event in events.items():
                transaction.save(history.item(panel.org, applicant_id, event))
                transaction.update(
                    unread(panel.org, applicant_id),
                    actions=[Applicant.rating_panel_ids.add({panel.panel_id})],
                    condition=still_rateable(panel.candidates[applicant_id]),
                    add_version_condition=False,
                )
    except PynamoDBException as exc:
        if lost_race(exc):
            raise ConflictError(
                "An applicant changed status while the panel was being created; nothing was sent. Try again."
            ) from exc
        raise UnavailableError("The panel could not be stored just now; try again.") from exc


def get(org: str, panel_id: str) -> RatingPanel:
    panel = find(org, panel_id)
    if panel is None:
        raise NotFoundError(f"No rating panel {panel_id}.")
    return panel


def find(org: str, panel_id: str) -> RatingPanel | None:
    try:
        return RatingPanel.get(org, panel_id, consistent_read=True)
    except RatingPanel.DoesNotExist:
        return None


def page(org: str, limit: int, start: dict | None) -> tuple[list[RatingPanel], dict | None]:
    return one_page(RatingPanel.query, limit, start, hash_key=org, scan_index_forward=False)


def set_reviewers(panel: RatingPanel, reviewers: list[dict[str, Any]]) -> None:
    """Record how each reviewer's email went (only this request writes `reviewers`)."""
    panel.update(actions=[RatingPanel.reviewers.set(reviewers)], condition=RatingPanel.panel_id.exists())


def close(panel: RatingPanel, now: datetime) -> None:
    """Closed now; the links die with it (they are checked against the panel on every read)."""
    panel.update(
        actions=[RatingPanel.closed.set(True), RatingPanel.closed_at.set(now)],
        condition=RatingPanel.panel_id.exists(),
    )


def link(token_hash: str) -> RatingLink | None:
    try:
        return RatingLink.get(token_hash, consistent_read=True)
    except RatingLink.DoesNotExist:
        return None


def reviewer_ratings(org: str, panel_id: str, reviewer_id: str, applicant_ids: Iterable[str]) -> dict[str, Rating]:
    """What one reviewer gave these applicants on this panel: one BatchGetItem, never anyone else's."""
    keys = [rating_keys(org, applicant_id, panel_id, reviewer_id) for applicant_id in dict.fromkeys(applicant_ids)]
    return {rating.applicant_id: rating for rating in Rating.batch_get(keys, consistent_read=True)}


def applicant_ratings(org: str, applicant_id: str) -> list[Rating]:
    """Every rating of one applicant (purge): one Query on their collection."""
    return list(Rating.query(collection_key(org, applicant_id), Rating.item_key.startswith(RATING_PREFIX)))


def save_ratings(panel: RatingPanel, reviewer_id: str, writes: list[RatingWrite], now: datetime) -> None:
    """A reviewer's changed ratings, the applicants' sums and counts and the panel, all or nothing.

    Raises ConflictError when a condition failed (a concurrent submission, a candidate
    who withdrew, the panel closed meanwhile): the caller reads again and decides.
    """
    open_panel = (RatingPanel.closed == False) & (RatingPanel.closes_at > now)  # noqa: E712
    try:
        with TransactWrite(connection=connection()) as transaction:
            transaction.update(panel, actions=[RatingPanel.rated_by.add({reviewer_id})], condition=open_panel)
            for write in writes:
                rating = write.rating
                transaction.save(rating)  # conditional on the version read (none: must not exist yet)
                actions = [Applicant.rating_sum.add(write.sum_delta)]
                if write.count_delta:
                    actions.append(Applicant.rating_count.add(write.count_delta))
                transaction.update(
                    unread(rating.org, rating.applicant_id),
                    actions=actions,
                    condition=still_rateable(rating.vacancy_id),
                    add_version_condition=False,
                )
    except PynamoDBException as exc:
        if lost_race(exc):
            raise ConflictError("Something changed while the ratings were saved.") from exc
        raise UnavailableError("The ratings could not be saved just now; try again.") from exc


def personal_items(applicant: Applicant) -> Iterator[Model | Detach]:
    """For purge: the applicant's ratings (deleted) and their place on each panel (removed).

    The ratings' count is kept on the applicant and never goes down, so an applicant
    nobody rated costs no query here.
    """
    if applicant.rating_count:
        yield from applicant_ratings(applicant.org, applicant.applicant_id)
    panel_ids = sorted(applicant.rating_panel_ids or ())
    if not panel_ids:
        return
    # Panels the TTL already swept are skipped: a conditional update on them would fail the purge.
    for panel in RatingPanel.batch_get([(applicant.org, panel_id) for panel_id in panel_ids]):
        yield Detach(
            panel,
            actions=[RatingPanel.candidates[applicant.applicant_id].remove()],
            condition=RatingPanel.panel_id.exists(),
        )
