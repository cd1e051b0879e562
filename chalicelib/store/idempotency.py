"""Idempotency-Key (the IETF httpapi draft): a POST sent again with the same key gets the first answer again.

Built on Powertools' idempotency utility, which does the hard part: a conditional write claims
the key before the handler runs (so a duplicate arriving meanwhile is refused, not run twice),
the answer is stored when the handler returns, a handler that raises frees the key, and an
in-progress claim expires when the Lambda invocation that made it would have timed out (so a
crashed request does not hold its key for a day).

Keys are per organisation by construction: the table's partition key is the organisation of the
token (Powertools' `static_pk_value`), and the sort key is a hash of the method, the path and
the client's key. The body's SHA-256 is the payload Powertools validates, so the same key with
another body is refused. Records live 24 hours (DynamoDB's TTL on `expires_at`).

Powertools computes those 24 hours from the wall clock, not from the request's instant: expiry
is storage housekeeping, like DynamoDB's own TTL, and in AWS the two agree.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.errors import ConflictError, InvalidInputError, MalformedRequestError

LIFETIME_SECONDS = 24 * 60 * 60
MAX_KEY_LENGTH = 255


@dataclass
class Answer:
    """What the handler answered, as it is stored and replayed."""

    status: int
    headers: dict[str, str]
    body: str
    replayed: bool = False


class NotStoredError(Exception):
    """The handler failed on our side (5xx): its answer is not kept, and the key is free for a retry."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(answer.status)
        self.answer = answer


def parse_key(header: str) -> str:
    """The header is a Structured Field string (`"8e03978e-..."`); a bare token is taken as well."""
    key = header.strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]
    if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        message = f"must be 1 to {MAX_KEY_LENGTH} printable ASCII characters, e.g. a UUID in quotes"
        raise MalformedRequestError(f"Idempotency-Key {message}.", [{"field": "Idempotency-Key", "message": message}])
    return key


def fingerprint(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def persistence(org: str) -> Any:
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    from chalicelib.store.models import IdempotentRequest

    return DynamoDBPersistenceLayer(
        table_name=IdempotentRequest.Meta.table_name,
        key_attr="org",
        static_pk_value=org,
        sort_key_attr="request_key",
        expiry_attr="expires_at",
        in_progress_expiry_attr="in_progress_expires_at",
        status_attr="status",
        data_attr="data",
        validation_key_attr="fingerprint",
    )


def once(
    org: str, method: str, path: str, key: str, body: bytes, handle: Callable[[], Answer], lambda_context: Any = None
) -> Answer:
    """Run `handle` for this key at most once per 24 hours, or answer what its first run answered."""
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyValidationError,
    )

    config = IdempotencyConfig(
        event_key_jmespath="request",
        payload_validation_jmespath="fingerprint",
        expires_after_seconds=LIFETIME_SECONDS,
        raise_on_no_idempotency_key=True,
    )
    if lambda_context is not None and hasattr(lambda_context, "get_remaining_time_in_millis"):
        config.register_lambda_context(lambda_context)
    ran: list[bool] = []

    @idempotent_function(data_keyword_argument="request", persistence_store=persistence(org), config=config)
    def perform(request: dict[str, str]) -> dict[str, Any]:
        ran.append(True)
        answer = handle()
        if answer.status >= 500:
            raise NotStoredError(answer)
        return {"status": answer.status, "headers": answer.headers, "body": answer.body}

    try:
        stored = perform(request={"request": f"{method} {path} {json.dumps(key)}", "fingerprint": fingerprint(body)})
    except NotStoredError as failed:
        return failed.answer
    except IdempotencyAlreadyInProgressError:
        raise ConflictError(
            "A request with this Idempotency-Key is still being processed; try again in a moment."
        ) from None
    except IdempotencyValidationError:
        raise InvalidInputError(
            "This Idempotency-Key was used with another request body; use a new key for a new request.",
            [{"field": "Idempotency-Key", "message": "already used with another body"}],
        ) from None
    return Answer(stored["status"], dict(stored["headers"]), stored["body"], replayed=not ran)
