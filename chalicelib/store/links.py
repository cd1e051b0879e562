"""How often a public link (answer, rating, profile) changed something this hour.

A link is a personal URL anyone holding it can post to; each change is a write and a history
event, so a link may make at most CHANGES_PER_HOUR changes in an hour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from chalicelib.domain.errors import UnavailableError
from chalicelib.store.errors import lost_race
from chalicelib.store.models import AnswerLink, ProfileLink, RatingLink

CHANGES_PER_HOUR = 30
Kind = Literal["answer", "rating", "profile"]
MODELS = {"answer": AnswerLink, "rating": RatingLink, "profile": ProfileLink}


def count_change(kind: Kind, token_hash: str, now: datetime, seen_hour: str | None = None) -> bool:
    """Count one change through the link, atomically; False when the hour's changes are used up.

    One conditional UpdateItem: the same hour adds one below the limit; a new hour starts at one.
    `seen_hour`, the link's `changes_hour` as read, picks the form that will hold; two requests
    racing across the hour's turn try again, never more than twice.
    """
    from pynamodb.exceptions import UpdateError

    attempts = [counted(kind, token_hash, now, same_hour=True), counted(kind, token_hash, now, same_hour=False)]
    if seen_hour != hour_of(now):
        attempts.reverse()
    for change in attempts * 2:
        try:
            change.item.update(actions=change.actions, condition=change.condition)
            return True
        except UpdateError as exc:
            if not lost_race(exc):
                raise UnavailableError("The change could not be saved just now; try again.") from exc
    return False


@dataclass(frozen=True)
class Counted:
    """One change counted on a link: an update for `Model.update` or a transaction's `update`."""

    item: Any
    actions: list[Any]
    condition: Any
    same_hour: bool  # True: it adds one to this hour's count, and fails once the hour's changes are used up


def hour_of(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H")


def counted(kind: Kind, token_hash: str, now: datetime, same_hour: bool) -> Counted:
    """The same hour adds one below the limit; a new hour starts at one (fails if the hour already began)."""
    model = MODELS[kind]
    hour = hour_of(now)
    if same_hour:
        condition = (model.changes_hour == hour) & (model.changes < CHANGES_PER_HOUR)
        actions = [model.changes.add(1)]
    else:
        condition = model.changes_hour.does_not_exist() | (model.changes_hour != hour)
        actions = [model.changes_hour.set(hour), model.changes.set(1)]
    return Counted(model(token_hash), actions, model.token_hash.exists() & condition, same_hour)


def counted_as_seen(kind: Kind, token_hash: str, now: datetime, seen_hour: str | None) -> Counted:
    """The form that will hold, judging by the link's `changes_hour` as read."""
    return counted(kind, token_hash, now, same_hour=seen_hour == hour_of(now))


def seconds_until_next_hour(now: datetime) -> int:
    moment = now.astimezone(UTC)
    return 3600 - (moment.minute * 60 + moment.second)
