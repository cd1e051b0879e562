"""Retention: how long an applicant's data is kept, and what the daily retention run does about it.

Pure rules; the policy lives in the organisation's settings, the dates on the applicant
(store/retention.py keeps the index keys in step), the run in services/retention.py.

Rules, and why:

- An application is kept `applications_months` after its last activity: the latest of its
  creation, a status change, the end of one of its interviews, or the applicant's answer (an
  answer comes before its interview ends, so the interview's end already covers it).
- A saved profile (status `saved`) is kept `saved_profiles_months` after the later of the save
  and the applicant's last consent (saving with `send_access`, or "keep my profile" on their
  profile page). `renewal_notice_days` before that, the applicant is asked once per period.
  A profile saved without `send_access` gets the same period and the same question: the
  save is the recruiter's decision, the renewal the applicant's.
- An applicant who asked to be deleted (their profile page) is due the day they asked.
- A hired applicant is an employee: outside this policy (no date at all).
- A legal hold stops all of it until it is released. Releasing does not restart the clock: the
  hold kept the data for its own reason, not for the recruitment's, so a date that passed
  meanwhile is due at the next run.
- Dates are UTC calendar dates: "6 months after 10 January, 10:00" is 10 July, and the run of
  10 July (09:00 UTC) purges it; the run of 9 July does not.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

MIN_MONTHS, MAX_MONTHS = 1, 60
MIN_NOTICE_DAYS, MAX_NOTICE_DAYS = 1, 90

APPLICATION = "application"
SAVED_PROFILE = "saved_profile"
DELETION_REQUESTED = "deletion_requested"
EMPLOYEE = "employee"
LEGAL_HOLD = "legal_hold"
REASONS = (APPLICATION, SAVED_PROFILE, DELETION_REQUESTED, EMPLOYEE, LEGAL_HOLD)
"""`retention.reason` on an applicant: why it is (or is not) due on `delete_on`."""

SHARDS = 4
"""The run's index spreads its keys over this many partitions, so that every applicant's writes do not
land on one index partition; the run reads each shard up to today (SHARDS Queries at least)."""


@dataclass(frozen=True)
class Policy:
    applications_months: int = 6
    saved_profiles_months: int = 12
    renewal_notice_days: int = 30

    @classmethod
    def of(cls, stored: Any) -> Policy:
        """The organisation's policy from its settings (a dict or None: the defaults)."""
        values = dict(stored or {})
        known = {
            name: int(values[name])
            for name in ("applications_months", "saved_profiles_months", "renewal_notice_days")
            if values.get(name) is not None
        }
        return cls(**known)

    def as_dict(self) -> dict[str, int]:
        return {
            "applications_months": self.applications_months,
            "saved_profiles_months": self.saved_profiles_months,
            "renewal_notice_days": self.renewal_notice_days,
        }


def policy_errors(values: dict[str, Any], prefix: str = "retention") -> list[dict[str, str]]:
    """Each value out of bounds, named (the request model checks types; this the bounds, once more for safety)."""
    errors = []
    for name in ("applications_months", "saved_profiles_months"):
        value = values.get(name)
        if value is not None and not MIN_MONTHS <= value <= MAX_MONTHS:
            errors.append({"field": f"{prefix}.{name}", "message": f"between {MIN_MONTHS} and {MAX_MONTHS} months"})
    value = values.get("renewal_notice_days")
    if value is not None and not MIN_NOTICE_DAYS <= value <= MAX_NOTICE_DAYS:
        errors.append(
            {
                "field": f"{prefix}.renewal_notice_days",
                "message": f"between {MIN_NOTICE_DAYS} and {MAX_NOTICE_DAYS} days",
            }
        )
    return errors


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day where it is shorter (31 Jan + 1 = 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def utc_day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


@dataclass(frozen=True)
class Facts:
    """What the applicant item records that retention depends on."""

    status: str
    last_activity_at: datetime
    consent_at: datetime | None = None
    deletion_requested_at: datetime | None = None
    held: bool = False
    notice_sent_at: datetime | None = None


@dataclass(frozen=True)
class Plan:
    """When the applicant is due, and why; `notice_on` for a saved profile whose renewal question is still to go."""

    delete_on: date | None
    reason: str
    notice_on: date | None = None

    @property
    def next_on(self) -> date | None:
        """The day the run must look at the applicant next: the notice, else the deletion."""
        return self.notice_on if self.notice_on is not None else self.delete_on

    def action(self, today: date) -> str | None:
        """What the run of `today` does: `purge`, `notice`, or None (not due: the index was early)."""
        if self.delete_on is not None and self.delete_on <= today:
            return "purge"
        if self.notice_on is not None and self.notice_on <= today:
            return "notice"
        return None


def plan(facts: Facts, policy: Policy) -> Plan:
    if facts.held:
        return Plan(None, LEGAL_HOLD)
    if facts.status == "hired":
        return Plan(None, EMPLOYEE)
    if facts.deletion_requested_at is not None:
        return Plan(utc_day(facts.deletion_requested_at), DELETION_REQUESTED)
    if facts.status == "saved":
        start = max(facts.last_activity_at, facts.consent_at or facts.last_activity_at)
        delete_on = add_months(utc_day(start), policy.saved_profiles_months)
        notice_on = delete_on - timedelta(days=policy.renewal_notice_days)
        asked = facts.notice_sent_at is not None and facts.notice_sent_at >= start
        return Plan(delete_on, SAVED_PROFILE, None if asked else notice_on)
    return Plan(add_months(utc_day(facts.last_activity_at), policy.applications_months), APPLICATION)


def later(current: datetime | None, moment: datetime) -> datetime:
    """The last activity after `moment` happened (or is scheduled to: an interview's end)."""
    return moment if current is None or moment > current else current
