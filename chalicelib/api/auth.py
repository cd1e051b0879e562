"""Who is calling: a recruiter, from the ID token of the organisation's Cognito user pool.

Deployed stages: API Gateway's Cognito user pool authorizer, on every recruiter route, verifies
the ID token (signature against the pool's keys, expiry) before the function runs, and hands its
claims over in the request context; the function checks that they are an ID token of our app
client and of our pool, and takes the organisation from Cognito's own `custom:org`. So the
function needs no JWT library, no cryptography and no fetch of the pool's keys at cold start.

The local stage (and the tests) verifies HS256 tokens signed with the development key.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from typing import Any

from chalicelib import config
from chalicelib.domain.actors import Recruiter
from chalicelib.domain.errors import UnauthorizedError
from chalicelib.domain.organisations import is_org_id

log = logging.getLogger("rendezvous")

AUTHORIZER_NAME = "Recruiters"  # the API's Cognito authorizer (infra: its pool is the stack's UserPool)


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes"}


def groups_of(value: Any) -> list[str]:
    """`cognito:groups`: a list in a token; API Gateway passes every claim as a string, e.g.
    `admins` or `[admins, planners]`."""
    if isinstance(value, list):
        return [str(group) for group in value]
    if isinstance(value, str):
        return [group for group in re.split(r"[\s,]+", value.strip().strip("[]")) if group]
    return []


LEEWAY_SECONDS = 60


def recruiter_from_authorizer(context: dict[str, Any] | None, now: datetime) -> Recruiter:
    """The recruiter whose ID token API Gateway's Cognito authorizer verified (deployed stages).

    The authorizer has checked the signature and the expiry; it does not check which app client the
    token was issued to, so that is checked here, with the issuer and the token's use. No claims at
    all means the route was reached without the authorizer: refused, and logged for the operator.
    """
    claims = ((context or {}).get("authorizer") or {}).get("claims")
    if not isinstance(claims, dict) or not claims:
        log.error("a recruiter route was reached without the Cognito authorizer's claims; check the API's authorizer")
        raise UnauthorizedError("This route needs an Authorization: Bearer token.")
    if (
        claims.get("token_use") != "id"
        or claims.get("aud") != config.cognito_client_id()
        or claims.get("iss") != config.cognito_issuer()
        or not claims.get("sub")
    ):
        raise UnauthorizedError("The token is not valid.")
    # Cognito's own attribute only: a user pool may let other claims in (a pre-token trigger), never `org`.
    return _recruiter(
        claims,
        org=claims.get("custom:org"),
        admin="admins" in groups_of(claims.get("cognito:groups")),
        sms=_truthy(claims.get("custom:sms", False)),
    )


def recruiter_from_header(authorization: str | None, now: datetime) -> Recruiter:
    """The local stage: a development token (HS256), checked against the request's own instant."""
    import jwt

    if not authorization:
        raise UnauthorizedError("This route needs an Authorization: Bearer token.")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise UnauthorizedError("The Authorization header must be 'Bearer <token>'.")
    if not config.is_local_stage():
        # A development key in a deployed function would let anyone sign tokens for any organisation.
        raise UnauthorizedError("Development tokens are accepted only on the local stage.")
    try:
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
    return _recruiter(claims, org=claims.get("org"), admin=claims.get("admin") is True, sms=_truthy(claims.get("sms")))


def _recruiter(claims: dict[str, Any], org: Any, admin: bool, sms: bool) -> Recruiter:
    if not org or not isinstance(org, str):
        raise UnauthorizedError("The token names no organisation.")
    if not is_org_id(org):
        raise UnauthorizedError("The token's organisation is not a valid organisation id.")
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
