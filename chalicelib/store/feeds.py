"""Recruiters' calendar feeds: the subscription item (by its token's hash) and the feed's interviews."""

from __future__ import annotations

from datetime import datetime

from chalicelib.domain.errors import NotFoundError
from chalicelib.store.models import CalendarFeed, Interview

MOST_EVENTS = 2_000  # a feed stops here; calendar apps choke on far more, and a page of the Query is 1 MB


def owner_key(org: str, user_id: str) -> str:
    return f"{org}#{user_id}"


def add(token_hash: str, org: str, user_id: str, feed_id: str, now: datetime) -> CalendarFeed:
    feed = CalendarFeed(token_hash, org=org, feed_id=feed_id, owner_key=owner_key(org, user_id), created_at=now)
    feed.save(condition=CalendarFeed.token_hash.does_not_exist())
    return feed


def of_owner(org: str, user_id: str) -> list[CalendarFeed]:
    return list(CalendarFeed.by_owner.query(owner_key(org, user_id)))


def remove(org: str, user_id: str, feed_id: str) -> None:
    """Revoke at once: the item the feed reads (consistently) is deleted."""
    found = list(CalendarFeed.by_owner.query(owner_key(org, user_id), CalendarFeed.feed_id == feed_id))
    if not found:
        raise NotFoundError(f"No calendar feed {feed_id}.")
    for feed in found:
        feed.delete()


def find(token_hash: str) -> CalendarFeed | None:
    try:
        return CalendarFeed.get(token_hash, consistent_read=True)
    except CalendarFeed.DoesNotExist:
        return None


def interviews_from(org: str, first_day: str) -> list[Interview]:
    """The organisation's interviews whose local start date is `first_day` or later, soonest first."""
    live = Interview.cancelled == False  # noqa: E712 - an attribute condition, not a comparison
    query = Interview.by_start.query(org, Interview.calendar_key >= first_day, filter_condition=live)
    found = []
    for interview in query:
        found.append(interview)
        if len(found) >= MOST_EVENTS:
            break
    return found
