"""Organisation settings, the operator's budgets and the daily usage counters."""

from __future__ import annotations

import copy
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from chalicelib import config
from chalicelib.domain.errors import UnavailableError
from chalicelib.domain.organisations import Limits, Usage
from chalicelib.domain.retention import Policy
from chalicelib.store.errors import lost_race
from chalicelib.store.models import DailyUsage, Organisation, OrganisationLimit

SETTINGS = (
    "name",
    "postal_address",
    "sender_domains",
    "reply_to",
    "default_language",
    "timezone",
    "sms_sender_id",
    "notify_on_accept",
)
USAGE_KEPT = timedelta(days=35)


SETTINGS_KEPT_S = 60.0
_read: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}


def settings(org: str) -> dict[str, Any]:
    """The organisation's settings; an organisation nobody configured yet has none of them.

    Kept for a minute in the Lambda instance that read them (every page, invitation and notice needs
    them; they change seldom): a change made through this instance is seen at once, one made through
    another within a minute. Each caller gets its own copy.
    """
    key = (Organisation.Meta.table_name, org)
    kept = _read.get(key)
    if kept is not None and time.monotonic() - kept[0] < SETTINGS_KEPT_S:
        return copy.deepcopy(kept[1])
    values = _settings(org)
    _read[key] = (time.monotonic(), values)
    return copy.deepcopy(values)


def forget_settings() -> None:
    """Read every organisation's settings afresh (tests, whose embedded AWS starts empty each time)."""
    _read.clear()


def _settings(org: str) -> dict[str, Any]:
    try:
        item = Organisation.get(org)
    except Organisation.DoesNotExist:
        return {
            **{name: ([] if name == "sender_domains" else None) for name in SETTINGS},
            "retention": Policy().as_dict(),
        }
    values = {name: getattr(item, name) for name in SETTINGS}
    values["sender_domains"] = list(values["sender_domains"] or [])
    values["retention"] = Policy.of(item.retention.as_dict() if item.retention is not None else None).as_dict()
    return values


def save_settings(org: str, changes: dict[str, Any], by: str, now: datetime) -> None:
    """Only the fields given change (an UpdateItem, which also creates the organisation's item)."""
    actions = [Organisation.updated_at.set(now), Organisation.updated_by.set(by)]
    if "retention" in changes:  # the whole policy, or null for the defaults
        policy = changes["retention"]
        actions.append(Organisation.retention.remove() if policy is None else Organisation.retention.set(policy))
        changes = {name: value for name, value in changes.items() if name != "retention"}
    for name, value in changes.items():
        attribute = getattr(Organisation, name)
        empty = value is None or value == "" or value == []
        actions.append(attribute.remove() if empty else attribute.set(value))
    Organisation(org).update(actions=actions)
    _read.pop((Organisation.Meta.table_name, org), None)


def limits(org: str) -> Limits:
    try:
        item = OrganisationLimit.get(org)
    except OrganisationLimit.DoesNotExist:
        item = None
    emails = item.daily_emails if item is not None and item.daily_emails is not None else None
    sms = item.daily_sms if item is not None and item.daily_sms is not None else None
    return Limits(
        daily_emails=int(emails) if emails is not None else config.org_daily_email_limit(),
        daily_sms=int(sms) if sms is not None else config.org_daily_sms_limit(),
    )


def usage(org: str, day: date) -> Usage:
    try:
        item = DailyUsage.get(org, day.isoformat())
    except DailyUsage.DoesNotExist:
        return Usage(day, 0, 0)
    return Usage(day, int(item.emails or 0), int(item.sms or 0))


def reserve(org: str, day: date, emails: int, sms: int, within: Limits) -> bool:
    """Count what is about to be sent, atomically, only if it fits the budget; False if it does not.

    One conditional UpdateItem: two requests racing for the last of a budget cannot both get it.
    """
    from pynamodb.exceptions import UpdateError

    if emails > within.daily_emails or sms > within.daily_sms:
        return False
    if emails == 0 and sms == 0:
        return True
    expires = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + USAGE_KEPT
    actions = [DailyUsage.expires_at.set(expires)]
    condition = None
    if emails:
        actions.append(DailyUsage.emails.add(emails))
        condition = DailyUsage.emails.does_not_exist() | (DailyUsage.emails <= within.daily_emails - emails)
    if sms:
        actions.append(DailyUsage.sms.add(sms))
        fits = DailyUsage.sms.does_not_exist() | (DailyUsage.sms <= within.daily_sms - sms)
        condition = fits if condition is None else condition & fits
    try:
        DailyUsage(org, day.isoformat()).update(actions=actions, condition=condition)
    except UpdateError as exc:
        if lost_race(exc):
            return False
        raise UnavailableError("The sending budget could not be checked just now; try again.") from exc
    return True
