"""Retention on the applicant item: its facts, its date and the keys of the two sparse retention indexes.

The keys are derived here and nowhere else, from `domain.retention.plan`: every write that changes
an applicant's last activity, status, consent or hold adds `fields(...)` to its own update, so the
date never lags behind the facts it follows.
"""

from __future__ import annotations

import zlib
from datetime import date, datetime
from typing import Any

from pynamodb.exceptions import PynamoDBException

from chalicelib.domain import retention as rules
from chalicelib.domain.errors import ConflictError, UnavailableError
from chalicelib.store.errors import lost_race
from chalicelib.store.models import Applicant, Organisation
from chalicelib.store.paging import one_page

FIELDS = (
    "delete_on",
    "retention_reason",
    "retention_due",
    "retention_next_key",
    "retention_org",
    "retention_delete_key",
)


def policy(org: str) -> rules.Policy:
    """The organisation's policy (one GetItem); the defaults where none was set."""
    try:
        item = Organisation.get(org)
    except Organisation.DoesNotExist:
        return rules.Policy()
    return rules.Policy.of(item.retention.as_dict() if item.retention is not None else None)


def shard(applicant_id: str) -> str:
    return f"retention#{zlib.crc32(applicant_id.encode()) % rules.SHARDS}"


def fields(org: str, applicant_id: str, plan: rules.Plan) -> dict[str, Any]:
    """The attributes the plan sets (None: removed, which takes the applicant out of both indexes)."""
    if plan.delete_on is None:
        return {"retention_reason": plan.reason, **dict.fromkeys(FIELDS[:1] + FIELDS[2:])}
    delete_on = plan.delete_on.isoformat()
    return {
        "delete_on": delete_on,
        "retention_reason": plan.reason,
        "retention_due": shard(applicant_id),
        "retention_next_key": f"{plan.next_on.isoformat()}#{org}#{applicant_id}",
        "retention_org": org,
        "retention_delete_key": f"{delete_on}#{applicant_id}",
    }


def facts(applicant: Applicant, **changed: Any) -> rules.Facts:
    """The applicant's retention facts as stored, with `changed` ones (status, last_activity_at, ...) applied."""
    stored = {
        "status": applicant.status,
        "last_activity_at": applicant.last_activity_at or applicant.created_at,
        "consent_at": applicant.consent_at,
        "deletion_requested_at": applicant.deletion_requested_at,
        "held": applicant.legal_hold is not None,
        "notice_sent_at": applicant.renewal_notice_sent_at,
    }
    stored.update(changed)
    return rules.Facts(**stored)


def replan(applicant: Applicant, policy_: rules.Policy, **changed: Any) -> dict[str, Any]:
    """The retention attributes after `changed`: the facts that changed and the date they lead to."""
    plan = rules.plan(facts(applicant, **changed), policy_)
    stored = {key: value for key, value in changed.items() if key in ("last_activity_at", "consent_at")}
    return {**stored, **fields(applicant.org, applicant.applicant_id, plan)}


def plan_of(applicant: Applicant, policy_: rules.Policy) -> rules.Plan:
    return rules.plan(facts(applicant), policy_)


def as_stored(applicant: Applicant) -> tuple[date | None, str | None]:
    return (date.fromisoformat(applicant.delete_on) if applicant.delete_on else None), applicant.retention_reason


# Reads ---------------------------------------------------------------------------------------


def due_page(shard_key: str, today: date, start: dict | None, limit: int) -> tuple[list[Applicant], dict | None]:
    """One page of the applicants of one shard the run must look at on or before `today`."""
    return one_page(
        Applicant.by_retention_due.query,
        limit,
        start,
        hash_key=shard_key,
        range_key_condition=Applicant.retention_next_key < date.fromordinal(today.toordinal() + 1).isoformat(),
    )


def shards() -> list[str]:
    return [f"retention#{number}" for number in range(rules.SHARDS)]


def org_due_page(org: str, before: date, limit: int, start: dict | None) -> tuple[list[Applicant], dict | None]:
    """An organisation's applicants whose delete date lies before `before`, soonest first."""
    return one_page(
        Applicant.by_retention_org.query,
        limit,
        start,
        hash_key=org,
        range_key_condition=Applicant.retention_delete_key < before.isoformat(),
    )


# Writes --------------------------------------------------------------------------------------


def _set(applicant: Applicant, changes: dict[str, Any], condition: Any = None) -> None:
    actions = [
        getattr(Applicant, name).remove() if value is None else getattr(Applicant, name).set(value)
        for name, value in changes.items()
    ]
    try:
        applicant.update(actions=actions, condition=condition)
    except PynamoDBException as exc:
        if lost_race(exc):
            raise ConflictError("The applicant was changed by someone else meanwhile; reload and try again.") from exc
        raise UnavailableError("The applicant could not be changed just now; try again.") from exc


def rekey(applicant: Applicant, changes: dict[str, Any]) -> None:
    """Only the retention attributes, conditional on the version read (a change meanwhile wins)."""
    _set(applicant, changes)


def with_event(applicant: Applicant, changes: dict[str, Any], event: dict[str, Any], now: datetime) -> None:
    """A retention change a person made (hold, release, consent) and its history event: one transaction,
    conditional on the version read."""
    from pynamodb.transactions import TransactWrite

    from chalicelib.store import history
    from chalicelib.store.connection import connection
    from chalicelib.store.errors import translated

    actions = [
        getattr(Applicant, name).remove() if value is None else getattr(Applicant, name).set(value)
        for name, value in {**changes, "updated_at": now}.items()
    ]
    with (
        translated("applicant", conflict="The applicant was changed by someone else meanwhile; reload and try again."),
        TransactWrite(connection=connection()) as transaction,
    ):
        transaction.save(history.item(applicant.org, applicant.applicant_id, event))
        transaction.update(applicant, actions=actions)
    for name, value in {**changes, "updated_at": now}.items():
        setattr(applicant, name, value)
