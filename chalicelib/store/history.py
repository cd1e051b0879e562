"""The applicant's history: one item per event in the applicant's item collection.

An event is never part of the applicant item, so a long history never stops a read or
a write of the applicant (DynamoDB's items stop at 400 KB; about 2,700 events did that
when the history was a list inside the applicant).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from chalicelib.store.models import HISTORY_PREFIX, HistoryEvent, collection_key


def event_key(at: datetime, order: int | None = None) -> str:
    """`event#<UTC instant>#<write order>`: by time, and events of one instant in the order they were written.

    The write order is the writer's nanosecond clock plus a random tail: it only orders events
    that share their instant (tests pin the clock; two requests in one millisecond), it is never
    shown and decides nothing else.
    """
    order = time.time_ns() if order is None else order
    return f"{HISTORY_PREFIX}{at.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S.%fZ')}#{order:020d}{secrets.token_hex(2)}"


def item(org: str, applicant_id: str, event: dict[str, Any]) -> HistoryEvent:
    """The event as an item of the applicant's collection, ready to be put (alone or in a transaction)."""
    return HistoryEvent(
        applicant_key=collection_key(org, applicant_id),
        item_key=event_key(datetime.fromisoformat(event["at"])),
        entry=event,
    )


def view(event: HistoryEvent) -> dict[str, Any]:
    return event.entry.as_dict()


def events_only() -> Any:
    """The range of the collection's sort key that holds the history (below the applicant and the ratings)."""
    return HistoryEvent.item_key.startswith(HISTORY_PREFIX)


def page(org: str, applicant_id: str, limit: int, start: dict | None) -> tuple[list[dict[str, Any]], dict | None]:
    """One page of the history, newest first: one Query reading exactly the events shown."""
    from chalicelib.store.models import ApplicantItem

    result = ApplicantItem.query(
        collection_key(org, applicant_id),
        events_only(),
        scan_index_forward=False,
        limit=limit,
        page_size=limit,
        last_evaluated_key=start,
    )
    events = [view(event) for event in result]
    return events, (result.last_evaluated_key if events else None)


def keys(org: str, applicant_id: str) -> Iterator[HistoryEvent]:
    """Every event of the applicant, keys only (for purge)."""
    from chalicelib.store.models import ApplicantItem

    yield from ApplicantItem.query(
        collection_key(org, applicant_id),
        events_only(),
        attributes_to_get=["applicant_key", "item_key", "item_type"],
        consistent_read=True,
    )


def delete_all(org: str, applicant_id: str) -> int:
    """Remove the applicant's whole history: BatchWriteItem, 25 events per request."""
    count = 0
    with HistoryEvent.batch_write() as batch:
        for event in keys(org, applicant_id):
            batch.delete(event)
            count += 1
    return count
