"""Counting DynamoDB requests and items read, for the benchmarks and the request-budget tests.

`install()` puts the counter into botocore's built-in handlers, which every
botocore session registers when it is made (PynamoDB makes its own session per
connection, so a hook on one client would miss calls; moto installs its stubber
the same way). Install it before any session exists. It counts only while recording.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class DynamoDBCalls:
    """Requests (operation names, in order) and items read, while recording.

    `before-call` fires once per API call (a retried call is still one call);
    `after-call` sees the parsed answer: items read are those DynamoDB returned
    or, for a filtered Query, evaluated (ScannedCount).
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self.items_read = 0
        self.items_by_index: Counter[str] = Counter()  # items a Query read from each index (by its name)
        self.recording = False
        self._index: str | None = None

    def before(self, model: Any = None, params: Any = None, **_: Any) -> None:
        if self.recording:
            self.names.append(model.name)
            self._index = _index_of(params) if model.name == "Query" else None

    def after(self, model: Any = None, parsed: Any = None, **_: Any) -> None:
        if not self.recording or not isinstance(parsed, dict):
            return
        if "ScannedCount" in parsed:
            self.items_read += int(parsed["ScannedCount"])
            if self._index:
                self.items_by_index[self._index] += int(parsed["ScannedCount"])
        elif "Item" in parsed:
            self.items_read += 1
        elif "Responses" in parsed and model.name == "BatchGetItem":
            self.items_read += sum(len(items) for items in parsed["Responses"].values())

    @contextmanager
    def record(self) -> Iterator[DynamoDBCalls]:
        self.names, self.items_read, self.recording = [], 0, True
        self.items_by_index = Counter()
        try:
            yield self
        finally:
            self.recording = False

    @property
    def by_operation(self) -> Counter[str]:
        return Counter(self.names)


def _index_of(params: Any) -> str | None:
    """The IndexName of a Query as sent (botocore's request dict carries the JSON body)."""
    import json

    body = params.get("body") if isinstance(params, dict) else None
    try:
        return json.loads(body).get("IndexName") if body else None
    except (TypeError, ValueError):
        return None


CALLS = DynamoDBCalls()


def install() -> DynamoDBCalls:
    import botocore.handlers

    for event, handler in (("before-call.dynamodb", CALLS.before), ("after-call.dynamodb", CALLS.after)):
        if (event, handler) not in botocore.handlers.BUILTIN_HANDLERS:
            botocore.handlers.BUILTIN_HANDLERS.append((event, handler))
    return CALLS
