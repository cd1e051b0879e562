"""Which SES identities an organisation may send from, and the SES client that can send only from those.

An identity is an organisation's when an operator tagged it `rendezvous:org=<org>` on creating it:
verified alone is not enough, since every tenant's domain is verified in the same account.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from chalicelib import config
from chalicelib.notify.clients import client

ORG_TAG = "rendezvous:org"


def domain_problem(domain: str, org: str) -> str | None:
    """Why `org` may not send from `domain` (None: it may). One GetEmailIdentity."""
    from botocore.exceptions import ClientError

    try:
        identity = client("sesv2").get_email_identity(EmailIdentity=domain)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("NotFoundException", "NotFound"):
            return "is not an SES identity of ours; an operator creates and verifies it first"
        raise
    verified = identity.get("VerifiedForSendingStatus") is True or identity.get("VerificationStatus") == "SUCCESS"
    if not verified:
        return "is not verified in SES yet (its DNS records are not published or not seen yet)"
    tags = {tag.get("Key"): tag.get("Value") for tag in identity.get("Tags") or []}
    if tags.get(ORG_TAG) != org:
        return f"is not this organisation's sender domain (its SES identity is not tagged {ORG_TAG}={org})"
    return None


# Deployed stages: a role whose only grant is SendEmail on identities tagged like the session -------

_SESSIONS: dict[tuple[str, bool], tuple[float, Any]] = {}
_LOCK = threading.Lock()
SESSION_SECONDS = 900
RENEW_BEFORE = 120


def assume_role_request(role_arn: str, org: str) -> dict[str, Any]:
    """The role's policy allows ses:SendEmail only where aws:ResourceTag/rendezvous:org equals the
    session's tag, so these credentials cannot send from another organisation's identity."""
    return {
        "RoleArn": role_arn,
        "RoleSessionName": f"send-{org}"[:64],
        "DurationSeconds": SESSION_SECONDS,
        "Tags": [{"Key": ORG_TAG, "Value": org}],
    }


def sender_client(org: str, retry: bool) -> Any:
    """The SES client to send for `org`: the function's own outside AWS, else one on the org's session."""
    role_arn = config.ses_sender_role_arn()
    if role_arn is None:
        return client("sesv2", retry)
    with _LOCK:
        cached = _SESSIONS.get((org, retry))
        if cached is not None and cached[0] - RENEW_BEFORE > time.time():
            return cached[1]
    from botocore.config import Config

    from chalicelib import aws

    credentials = client("sts").assume_role(**assume_role_request(role_arn, org))["Credentials"]
    ses = aws.client(
        "sesv2",
        region_name=config.region(),
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        config=Config(retries={"max_attempts": 3 if retry else 1, "mode": "standard"}),
    )
    with _LOCK:
        _SESSIONS[(org, retry)] = (credentials["Expiration"].timestamp(), ses)
    return ses


def reset() -> None:
    with _LOCK:
        _SESSIONS.clear()
