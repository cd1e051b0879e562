"""The 08:00 UTC run: every due reminder onto the queue, a chunk at a time, handing on when time runs short.

"Today" is the UTC date of the schedule event's own time, and each queue message carries that
instant, so a run can be replayed and never reads the wall clock.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from chalicelib import observability
from chalicelib.domain.schedule import parse_instant

log = logging.getLogger("rendezvous.reminders")

ENQUEUE_CHUNK = 500  # due reminders read and enqueued per step (50 SendMessageBatch calls)
ENQUEUE_MARGIN_MS = 10_000  # a step takes a second or two; hand on well before the timeout

TimeLeft = Callable[[], float]  # milliseconds the invocation has left


def enqueue_due(
    event_time: str | datetime,
    cursor: dict[str, Any] | None = None,
    time_left: TimeLeft | None = None,
    hand_on: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Put every due reminder on the queue, a chunk at a time, from `cursor` on.

    When the invocation runs short of time, `hand_on` gets the cursor to go on from (the schedule's
    function invokes itself with it); without `hand_on` the run goes on to the end. A run killed
    half-way is retried from the cursor it was given, so it only enqueues again what that one
    invocation did; duplicates are harmless (each reminder is claimed once before it is sent).
    Within a chunk organisations take turns, and each message names its organisation as the SQS
    message group, so the queue serves every tenant fairly however many another has due.
    """
    from chalicelib.notify import queue
    from chalicelib.store import reminders as store

    run_at = parse_instant(event_time)
    today = run_at.date()
    enqueued = 0
    while True:
        interviews, cursor = store.due_page(today, cursor, ENQUEUE_CHUNK)
        messages = [
            (
                interview.org,
                json.dumps(
                    {"interview": store.snapshot(interview), "run_at": run_at.isoformat(), "today": today.isoformat()}
                ),
            )
            for interview in interviews
        ]
        messages = take_turns(messages)
        queue.send([body for _, body in messages], groups=[org for org, _ in messages])
        enqueued += len(messages)
        if cursor is None:
            break
        if hand_on is not None and time_left is not None and time_left() < ENQUEUE_MARGIN_MS:
            hand_on(cursor)
            break
    log.info(
        "reminders enqueued",
        extra={"count": enqueued, "today": today.isoformat(), "handed_on": cursor is not None},
    )
    observability.count("RemindersEnqueued", enqueued)
    return {"enqueued": enqueued, "today": today.isoformat(), "done": cursor is None}


def invoke_again(function_name: str, event: dict[str, Any], cursor: dict[str, Any]) -> None:
    """Hand the run on: the same scheduled event, asynchronously, with where to go on from."""
    from chalicelib.notify.clients import client

    payload = {**event, "detail": {**(event.get("detail") or {}), "cursor": cursor}}
    client("lambda").invoke(FunctionName=function_name, InvocationType="Event", Payload=json.dumps(payload).encode())
    log.info("reminder run handed on", extra={"function": function_name})


def take_turns(messages: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Round robin by organisation: one of each, then the next of each, keeping each one's own order."""
    by_org: dict[str, list[tuple[str, str]]] = {}
    for message in messages:
        by_org.setdefault(message[0], []).append(message)
    queues = list(by_org.values())
    result = []
    for index in range(max((len(queue) for queue in queues), default=0)):
        result += [queue[index] for queue in queues if index < len(queue)]
    return result
