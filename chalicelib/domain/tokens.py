"""Personal link tokens: 256 bits from the OS CSPRNG; only their SHA-256 is ever stored."""

from __future__ import annotations

import base64
import hashlib
import hmac
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


def derived_token(secret: bytes, purpose: str, *parts: str) -> str:
    """A token that can be made again from the same parts (one of them a random nonce we keep): an
    invitation sent again carries the same answer link, though only the link's hash is stored."""
    message = "\0".join((purpose, *parts)).encode("utf-8")
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def new_nonce() -> str:
    return secrets.token_urlsafe(16)
