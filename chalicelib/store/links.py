"""How often a public link (answer, rating, profile) changed something this hour.

A link is a personal URL anyone holding it can post to; each change is a write and a history
event, so a link may make at most CHANGES_PER_HOUR changes in an hour.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from chalicelib.domain.errors import UnavailableError
from chalicelib.store.errors import lost_race
from chalicelib.store.models import AnswerLink, ProfileLink, RatingLink

CHANGES_PER_HOUR = 30
MODELS = {"answer": AnswerLink, "rating": RatingLink, "profile": ProfileLink}


def count_change(
    kind: Literal["answer", "rating", "profile"], token_hash: str, now: datetime, seen_hour: str | None = None
) -> bool:
    """Count one change through the link, atomically; False when the hour's changes are used up.

    One conditional UpdateItem: the same hour adds one below the limit; a new hour starts at one.
    `seen_hour`, the link's `changes_hour` as read, picks the form that will hold; two requests
    racing across the hour's turn try again, never more than twice.
    """
    from pynamodb.exceptions import UpdateError

    model = MODELS[kind]
    hour = now.astimezone(UTC).strftime("%Y-%m-%dT%H")
    link = model(token_hash)
    same_hour = (model.changes_hour == hour) & (model.changes < CHANGES_PER_HOUR)
    new_hour = model.changes_hour.does_not_exist() | (model.changes_hour != hour)
    attempts = [
        ([model.changes.add(1)], model.token_hash.exists() & same_hour),
        ([model.changes_hour.set(hour), model.changes.set(1)], model.token_hash.exists() & new_hour),
    ]
    if seen_hour != hour:
        attempts.reverse()
    for actions, condition in attempts * 2:
        try:
            link.update(actions=actions, condition=condition)
            return True
        except UpdateError as exc:
            if not lost_race(exc):
                raise UnavailableError("The change could not be saved just now; try again.") from exc
    return False


def seconds_until_next_hour(now: datetime) -> int:
    moment = now.astimezone(UTC)
    return 3600 - (moment.minute * 60 + moment.second)
