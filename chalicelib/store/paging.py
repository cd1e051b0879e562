"""One page of a PynamoDB query: at most `limit` items and where to go on from."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def one_page(
    query: Callable[..., Any], limit: int, start: dict[str, Any] | None, **kwargs: Any
) -> tuple[list[T], dict | None]:
    result = query(limit=limit, page_size=limit, last_evaluated_key=start, **kwargs)
    items = list(result)
    return items, (result.last_evaluated_key if items or start else None)


FILTERED_READ_FACTOR = 2  # a filtered page reads at most this many times its size


def bounded_page(
    query: Callable[..., Any],
    model: Any,
    limit: int,
    start: dict[str, Any] | None,
    filtered: bool,
    key_names: tuple[str, ...],
    **kwargs: Any,
) -> tuple[list[T], dict | None]:
    """One page in exactly one request, reading at most `limit` items (2 x `limit` when a filter applies).

    A filter is applied by DynamoDB after reading, so a rare match would otherwise make
    PynamoDB query on and on to fill the page (at 10,000 interviews: the whole organisation
    for one page). Instead the page holds what one bounded read found: possibly fewer than
    `limit` items, even none, with a position to go on from whenever DynamoDB stopped early.
    When more than `limit` items matched, the page stops at its `limit`-th item and goes on
    right after it (`key_names`: the table's and the index's key attributes, which make that position).
    """
    budget = limit * FILTERED_READ_FACTOR if filtered else limit
    pages = query(page_size=budget, last_evaluated_key=start, **kwargs).page_iter
    found = next(pages).get("Items", [])  # one Query, never a second
    if len(found) > limit:
        found = found[:limit]
        position = {name: found[-1][name] for name in key_names}
    else:
        position = pages.last_evaluated_key
    return [model.from_raw_data(item) for item in found], position
