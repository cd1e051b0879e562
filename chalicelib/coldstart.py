"""A Lambda instance's cold start runs with Python's cyclic garbage collector paused.

Importing the function and answering its first event allocates some 150 000 objects that live as
long as the instance: modules, classes, pydantic validators, botocore's service models. With the
collector on, every few hundred allocations it scans the young ones and, ever more often as they
pile up, all of them again, finding almost nothing (about 1 000 unreachable objects after a first
POST /interviews): a tenth of the first request's CPU. So the collector is paused while the
function is imported and answers its first HTTP request, and afterwards everything that exists is
frozen (moved to a generation the collector never scans again, as `gc.freeze` is meant for) and
the collector runs as usual for the instance's life.

Only in a Lambda function (the tests and the local server keep Python's defaults), and an event that
is not an HTTP request (a schedule, a queue batch, which may be long) gets the collector back before
it runs.
"""

from __future__ import annotations

import gc
import os
from typing import Any

_paused = False


def pause() -> None:
    """Called once, while app.py is imported."""
    global _paused
    if os.environ.get("AWS_LAMBDA_FUNCTION_NAME") and gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Freeze what the cold start made and collect as usual from now on (once; later calls do nothing)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def paused() -> bool:
    return _paused


def after_first_event(event: Any, get_response: Any) -> Any:
    """Chalice middleware for every event type: the collector resumes once the first event is answered,
    or before it runs when it is not an HTTP request."""
    from chalice.app import Request

    if not isinstance(event, Request):
        resume()
    try:
        return get_response(event)
    finally:
        resume()
