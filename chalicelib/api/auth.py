"""Who is calling: a recruiter, from a JWT bearer token.

Deployed stages trust the Cognito user pool (RS256, keys from its JWKS); the
local stage verifies HS256 tokens signed with the development key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from chalicelib import config
from chalicelib.domain.errors import UnauthorizedError
from chalicelib.domain.organisations import is_org_id

_JWKS_CLIENT: Any = None


@dataclass(frozen=True)
class Recruiter:
    user_id: str
    org: str
    name: str
    email: str
    sms: bool
    admin: bool = False  # may see and change the organisation's settings


def jwks_client() -> Any:
    global _JWKS_CLIENT
    if _JWKS_CLIENT is None:
        import jwt

        _JWKS_CLIENT = jwt.PyJWKClient(f"{config.cognito_issuer()}/.well-known/jwks.json", cache_keys=True)
    return _JWKS_CLIENT


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes"}


LEEWAY_SECONDS = 60


def recruiter_from_header(authorization: str | None, now: datetime) -> Recruiter:
    """The token's claims, checked against the request's own instant (not the machine's clock)."""
    import jwt

    if not authorization:
        raise UnauthorizedError("This route needs an Authorization: Bearer token.")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise UnauthorizedError("The Authorization header must be 'Bearer <token>'.")
    cognito = config.auth_mode() == "cognito"
    if not cognito and not config.is_local_stage():
        # A development key in a deployed function would let anyone sign tokens for any organisation.
        raise UnauthorizedError("Development tokens are accepted only on the local stage.")
    try:
        if cognito:
            key = jwks_client().get_signing_key_from_jwt(token.strip()).key
            claims = jwt.decode(
                token.strip(),
                key,
                algorithms=["RS256"],
                issuer=config.cognito_issuer(),
                audience=config.cognito_client_id(),
                options={"require": ["exp", "sub"], "verify_exp": False, "verify_iat": False, "verify_nbf": False},
            )
        else:
            claims = jwt.decode(
                token.strip(),
                config.dev_jwt_secret(),
                algorithms=["HS256"],
                options={"require": ["exp", "sub"], "verify_exp": False, "verify_iat": False, "verify_nbf": False},
            )
    except jwt.PyJWTError:
        # The library's message says what check failed; a caller probing tokens learns nothing from us.
        raise UnauthorizedError("The token is not valid.") from None
    check_times(claims, now)
    # Cognito's own attribute only: a user pool may let other claims in (a pre-token trigger), never `org`.
    org = claims.get("custom:org") if cognito else claims.get("org")
    if not org or not isinstance(org, str):
        raise UnauthorizedError("The token names no organisation.")
    if not is_org_id(org):
        raise UnauthorizedError("The token's organisation is not a valid organisation id.")
    if cognito:
        groups = claims.get("cognito:groups") or []
        admin = isinstance(groups, list) and "admins" in groups
        sms = _truthy(claims.get("custom:sms", False))
    else:
        admin = claims.get("admin") is True
        sms = _truthy(claims.get("sms", False))
    return Recruiter(
        user_id=str(claims["sub"]),
        org=org,
        name=str(claims.get("name") or claims.get("email") or claims["sub"]),
        email=str(claims.get("email") or ""),
        sms=sms,
        admin=admin,
    )


def check_times(claims: dict[str, Any], now: datetime) -> None:
    moment = now.timestamp()
    try:
        expires, not_before = float(claims["exp"]), float(claims.get("nbf", moment))
    except (TypeError, ValueError):
        raise UnauthorizedError("The token's exp or nbf is not a number.") from None
    if moment > expires + LEEWAY_SECONDS:
        raise UnauthorizedError("The token has expired.")
    if moment < not_before - LEEWAY_SECONDS:
        raise UnauthorizedError("The token is not valid yet.")


def dev_token(claims: dict[str, Any], now: datetime, ttl: timedelta = timedelta(days=30)) -> str:
    """A token for the local stage, signed with the development key."""
    import jwt

    payload = dict(claims)
    payload.setdefault("iat", int(now.timestamp()))
    payload.setdefault("exp", int((now + ttl).timestamp()))
    return jwt.encode(payload, config.dev_jwt_secret(), algorithm="HS256")


def default_dev_claims(**given: Any) -> dict[str, Any]:
    claims = {
        "org": "demo",
        "sub": "recruiter-1",
        "name": "Demo Recruiter",
        "email": "recruiter@demo.example",
        "sms": True,
    }
    claims.update({key: value for key, value in given.items() if value is not None})
    return claims
