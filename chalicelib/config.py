"""Settings, read from the environment at call time.

Nothing here is cached: the Chalice test client sets stage variables only for
the duration of a call, and the local runner sets them before it starts the app.
The one exception is the table prefix, which PynamoDB needs at class definition.
"""

from __future__ import annotations

import os


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def stage() -> str:
    return os.environ.get("RENDEZVOUS_STAGE", "local")


def dev_mode() -> bool:
    """True only under the local runner and the tests: enables the /dev routes."""
    return _flag("RENDEZVOUS_DEV_ROUTES")


def api_docs() -> bool:
    """`API_DOCS=on` serves the interactive reference at /docs in a deployed stage (locally it always is)."""
    return _flag("API_DOCS")


def table_prefix() -> str:
    return os.environ.get("RENDEZVOUS_TABLE_PREFIX", "rendezvous-local")


def region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "eu-north-1"


def auth_mode() -> str:
    """`dev` verifies HS256 tokens signed with the development key; `cognito` trusts the user pool."""
    return os.environ.get("RENDEZVOUS_AUTH", "dev")


def dev_jwt_secret() -> str:
    return os.environ.get("RENDEZVOUS_DEV_JWT_SECRET", "rendezvous-local-development-key-not-for-production")


def cognito_issuer() -> str:
    pool_id = os.environ.get("COGNITO_USER_POOL_ID", "")
    return f"https://cognito-idp.{region()}.amazonaws.com/{pool_id}"


def cognito_client_id() -> str:
    return os.environ.get("COGNITO_CLIENT_ID", "")


def public_base_url() -> str:
    """Where applicants' browsers reach the public pages (the answer link)."""
    return os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def frontend_base_url() -> str:
    """Where recruiters' browsers reach the web front end (links in notices to the recruiter)."""
    return os.environ.get("FRONTEND_BASE_URL", "http://127.0.0.1:3000").rstrip("/")


def mail_from() -> str:
    """The system sender used when no recruiter address applies (verified in SES)."""
    return os.environ.get("MAIL_FROM", "no-reply@rendezvous.example")


def ses_configuration_set() -> str | None:
    return os.environ.get("SES_CONFIGURATION_SET") or None


def sms_sender_id() -> str:
    return os.environ.get("SMS_SENDER_ID", "Rendezvous")


def reminder_queue_name() -> str:
    return os.environ.get("REMINDER_QUEUE_NAME", f"{table_prefix()}-reminders")


def email_events_topic_name() -> str:
    """The SNS topic the SES configuration set publishes its email events to (infra/)."""
    return os.environ.get("EMAIL_EVENTS_TOPIC", f"{table_prefix()}-email-events")


def _number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


def ses_max_send_rate() -> float:
    """The account's SES sending quota, messages a second (14 for a new production account)."""
    return _number("SES_MAX_SEND_RATE", 14)


def sms_max_send_rate() -> float:
    """The account's SMS rate, messages a second (20 by default for SNS SMS)."""
    return _number("SMS_MAX_SEND_RATE", 20)


def reminder_max_concurrency() -> int:
    """How many reminder workers run at once: the SQS event source's maximum concurrency (2 at least)."""
    return max(2, int(_number("REMINDER_MAX_CONCURRENCY", 2)))


def cursor_secret() -> bytes:
    """Signs list cursors so a client cannot forge one. Deployed stages get theirs from infra/."""
    secret = os.environ.get("RENDEZVOUS_CURSOR_SECRET")
    if secret:
        return secret.encode()
    if auth_mode() != "dev":
        raise RuntimeError("RENDEZVOUS_CURSOR_SECRET is not set: a deployed stage must not sign with the dev key")
    return dev_jwt_secret().encode()


def outbox_url() -> str | None:
    """Under the local runner the embedded AWS lives in another process: read its outbox here."""
    return os.environ.get("RENDEZVOUS_OUTBOX_URL") or None


# Documents ---------------------------------------------------------------------------------


def documents_bucket() -> str:
    """The S3 bucket of applicants' documents (infra/ names it and passes it as DOCUMENTS_BUCKET)."""
    return os.environ.get("DOCUMENTS_BUCKET") or f"{table_prefix()}-documents"


def aws_endpoint_url() -> str | None:
    """Set only under the local runner, where the embedded AWS stands in for every service."""
    return os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL") or None


# Organisations -----------------------------------------------------------------------------


def _count(name: str, default: int) -> int:
    try:
        return max(0, int(os.environ.get(name, default)))
    except ValueError:
        return default


def org_daily_email_limit() -> int:
    """An organisation's daily email budget unless an operator set its own (table organisation-limits)."""
    return _count("ORG_DAILY_EMAIL_LIMIT", 2000)


def org_daily_sms_limit() -> int:
    return _count("ORG_DAILY_SMS_LIMIT", 200)


def ses_sender_role_arn() -> str | None:
    """Deployed stages send email only through this role, assumed per organisation (see docs/organisations.md)."""
    return os.environ.get("SES_SENDER_ROLE_ARN") or None


def is_local_stage() -> bool:
    """The local runner and the tests; never a Lambda function, whatever RENDEZVOUS_STAGE says."""
    return stage() == "local" and not os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
