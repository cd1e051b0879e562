"""Personal link tokens: 256 bits from the OS CSPRNG; only their SHA-256 is ever stored."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32


def new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def looks_like_token(token: str) -> bool:
    """Cheap shape check before any lookup (no database call for garbage)."""
    return 40 <= len(token) <= 64 and all(c.isalnum() or c in "-_" for c in token)
