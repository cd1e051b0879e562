"""CORS: which browser origins may call the API, and the headers that tell the browser so.

A web front end on another origin calls the API with `fetch`. Its origin is allowed when the
stage lists it in `FRONTEND_ORIGINS` (comma-separated, exact origins); the local stage (the local
runner and the tests, where the /dev routes are on) also allows any `http://localhost:*` and
`http://127.0.0.1:*`. An origin not allowed gets no CORS
headers at all, so the browser keeps the answer from the page.

The API answers with bearer tokens, never cookies, so credentials are not allowed: a page
must hold the token to use it. The same rules drive three places: every answer of the app
(`apply`, called from `Api.dispatch`), the preflight the local runner answers (`preflight`),
and the preflight and gateway responses API Gateway answers in a deployed stage (`scripts/bundle.py`
builds them from `ALLOWED_HEADERS`, `EXPOSED_HEADERS` and `MAX_AGE`).
"""

from __future__ import annotations

import os
import re
from typing import Any

ALLOWED_HEADERS = ("Authorization", "Content-Type", "If-Match", "Idempotency-Key", "X-Correlation-Id")
EXPOSED_HEADERS = ("ETag", "Location", "X-Correlation-Id", "Retry-After", "Idempotent-Replayed")
MAX_AGE = 600  # seconds a browser may reuse a preflight answer (Chromium caps it at 7200)
_LOCAL = re.compile(r"^http://(localhost|127\.0\.0\.1)(:[0-9]{1,5})?$")


def configured_origins() -> tuple[str, ...]:
    """The stage's FRONTEND_ORIGINS: exact origins (scheme, host and port), without a trailing slash."""
    raw = os.environ.get("FRONTEND_ORIGINS", "")
    return tuple(origin.strip().rstrip("/") for origin in raw.split(",") if origin.strip())


def allowed(origin: str | None) -> bool:
    if not origin or origin == "null":  # `null`: a sandboxed frame or a file:// page, never trusted
        return False
    from chalicelib import config

    if config.dev_mode() and _LOCAL.match(origin):
        return True
    return origin in configured_origins()


def apply(origin: str | None, headers: dict[str, str]) -> None:
    """Add the CORS headers an answer to `origin` needs; none for an origin not allowed."""
    _vary(headers)
    if not allowed(origin):
        return
    headers["Access-Control-Allow-Origin"] = origin  # type: ignore[assignment]
    headers["Access-Control-Expose-Headers"] = ", ".join(EXPOSED_HEADERS)


def preflight(origin: str | None, methods: list[str], headers: dict[str, str]) -> None:
    """The preflight's headers (`OPTIONS` with `Access-Control-Request-Method`) for a path serving `methods`."""
    _vary(headers)
    if not allowed(origin):
        return
    headers["Access-Control-Allow-Origin"] = origin  # type: ignore[assignment]
    headers["Access-Control-Allow-Methods"] = ", ".join(sorted({*methods, "OPTIONS"}))
    headers["Access-Control-Allow-Headers"] = ", ".join(ALLOWED_HEADERS)
    headers["Access-Control-Max-Age"] = str(MAX_AGE)


def _vary(headers: dict[str, str]) -> None:
    """The answer depends on Origin: a shared cache must not hand one origin's answer to another."""
    vary = [part.strip() for part in headers.get("Vary", "").split(",") if part.strip()]
    if "Origin" not in vary:
        headers["Vary"] = ", ".join([*vary, "Origin"])


def api_gateway_preflight(origins: tuple[str, ...], methods: list[str]) -> dict[str, Any]:
    """An OpenAPI `options` operation for API Gateway: a mock integration answering the preflight itself.

    API Gateway cannot pick one of several origins with static header mappings, so the
    integration response's template sets the headers only when the request's Origin is one
    of the stage's, through `$context.responseOverride`.
    """
    listed = "," + ",".join(origins) + ","
    allow_methods = ", ".join(sorted({*methods, "OPTIONS"}))
    template = "\n".join(
        [
            "#set($origin = $input.params().header.get('Origin'))",
            '#if("$!origin" == "")#set($origin = $input.params().header.get(\'origin\'))#end',
            f'#set($allowed = "{listed}")',
            '#if("$!origin" != "" && $allowed.contains(",$origin,"))',
            "#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)",
            f'#set($context.responseOverride.header.Access-Control-Allow-Methods = "{allow_methods}")',
            f'#set($context.responseOverride.header.Access-Control-Allow-Headers = "{", ".join(ALLOWED_HEADERS)}")',
            f'#set($context.responseOverride.header.Access-Control-Max-Age = "{MAX_AGE}")',
            "#end",
            '#set($context.responseOverride.header.Vary = "Origin")',
        ]
    )
    return {
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "responses": {"204": {"description": "CORS preflight"}},
        "x-amazon-apigateway-integration": {
            "type": "mock",
            "requestTemplates": {"application/json": '{"statusCode": 204}'},
            "passthroughBehavior": "when_no_match",
            "responses": {"default": {"statusCode": "204", "responseTemplates": {"application/json": template}}},
        },
    }
