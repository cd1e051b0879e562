"""Organisations: what an id may look like, whose senders are whose, and the daily budgets.

Pure rules; the settings live in store/organisations.py and the SES checks in notify/identities.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from chalicelib.domain.errors import InvalidInputError

# An organisation id is a key prefix (DynamoDB keys, S3 prefixes `{org}/{applicant_id}/`): no
# separator, no case games, no whitespace, so one organisation's prefix is never another's.
ORG_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
# Our ids are `prefix_ULID`; the shape is loose enough for any id we ever made and for a made-up
# one to answer 404, and tight enough that no id carries a separator (`/`, `#`) or a control character.
ENTITY_ID = re.compile(r"^[a-z]{2,5}_[A-Za-z0-9_-]{1,64}$")
DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
SMS_SENDER_ID = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$")  # alphanumeric sender IDs: 1-11, one letter


def is_org_id(value: object) -> bool:
    return isinstance(value, str) and ORG_ID.fullmatch(value) is not None


def is_entity_id(value: object) -> bool:
    return isinstance(value, str) and ENTITY_ID.fullmatch(value) is not None


def check_entity_id(field: str, value: str) -> str:
    if not is_entity_id(value):
        raise InvalidInputError.field(field, "is not an id")
    return value


def normalise_domain(value: str) -> str:
    """A sender domain as SES names its identity: lower case, no trailing dot."""
    return value.strip().rstrip(".").lower()


def is_domain(value: str) -> bool:
    return DOMAIN.fullmatch(value) is not None


def domain_of(address: str) -> str:
    return normalise_domain(address.rpartition("@")[2])


def on_sender_domains(address: str, domains: list[str] | tuple[str, ...]) -> bool:
    """Exactly one of the organisation's domains: a subdomain is another identity in SES."""
    return "@" in address and domain_of(address) in {normalise_domain(domain) for domain in domains}


def check_sender(address: str, domains: list[str] | tuple[str, ...], field: str = "from") -> str:
    if not on_sender_domains(address, domains):
        allowed = ", ".join(sorted(domains)) or "none yet; an admin adds them in the organisation settings"
        raise InvalidInputError.field(
            field, f"must be an address on one of the organisation's sender domains ({allowed})"
        )
    return address


@dataclass(frozen=True)
class Limits:
    daily_emails: int
    daily_sms: int


@dataclass(frozen=True)
class Usage:
    day: date
    emails: int
    sms: int


def budget_day(now: datetime) -> date:
    """Budgets run per UTC day: one counter per organisation and day, whatever the recruiters' time zones."""
    return now.astimezone(UTC).date()


def seconds_until_next_day(now: datetime) -> int:
    moment = now.astimezone(UTC)
    midnight = datetime.combine(budget_day(moment) + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    return max(1, int((midnight - moment).total_seconds() + 0.999))
