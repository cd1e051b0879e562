"""Opaque list cursors, signed and bound to the organisation and the list they page through.

A cursor from another organisation, another list or a forged one is refused,
so paging can never reach data outside the caller's organisation.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from chalicelib.domain.errors import InvalidInputError


def _sign(secret: bytes, payload: bytes) -> bytes:
    return hmac.new(secret, payload, hashlib.sha256).digest()[:16]


def encode(secret: bytes, org: str, scope: str, position: dict[str, Any] | None) -> str | None:
    if not position:
        return None
    payload = json.dumps({"o": org, "s": scope, "k": position}, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(_sign(secret, payload) + payload).decode().rstrip("=")


def decode(secret: bytes, org: str, scope: str, cursor: str | None) -> dict[str, Any] | None:
    if not cursor:
        return None
    invalid = InvalidInputError.field("cursor", "not a cursor from this list; start again without one")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except (ValueError, TypeError):
        raise invalid from None
    signature, payload = raw[:16], raw[16:]
    if not hmac.compare_digest(signature, _sign(secret, payload)):
        raise invalid
    try:
        data = json.loads(payload)
    except ValueError:
        raise invalid from None
    if data.get("o") != org or data.get("s") != scope or not _is_key(data.get("k")):
        raise invalid
    return data["k"]


def _is_key(position: Any) -> bool:
    """A DynamoDB key as the last page left it: names to {"S": ...} or {"N": ...}."""
    return (
        isinstance(position, dict)
        and 0 < len(position) <= 6
        and all(
            isinstance(name, str)
            and isinstance(value, dict)
            and len(value) == 1
            and next(iter(value)) in ("S", "N")
            and isinstance(next(iter(value.values())), str)
            for name, value in position.items()
        )
    )
