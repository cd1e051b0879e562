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
