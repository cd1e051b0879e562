"""The organisation: its settings, whom it may send as, and how much it may send today."""

from __future__ import annotations

from datetime import datetime
from email.utils import formataddr
from typing import Any

from chalicelib import config, contract
from chalicelib.domain import organisations as rules
from chalicelib.domain.actors import Recruiter
from chalicelib.domain.errors import ForbiddenError, InvalidInputError, TooManyRequestsError


def _admin(recruiter: Recruiter) -> None:
    if not recruiter.admin:
        raise ForbiddenError("Only an organisation's admins see and change its settings.")


def settings(recruiter: Recruiter, now: datetime) -> contract.OrganisationSettings:
    _admin(recruiter)
    return _view(recruiter.org, now)


def _view(org: str, now: datetime) -> contract.OrganisationSettings:
    from chalicelib.store import organisations as store

    limits = store.limits(org)
    usage = store.usage(org, rules.budget_day(now))
    values = store.settings(org)
    values["notify_on_accept"] = bool(values.get("notify_on_accept"))
    return contract.OrganisationSettings(
        org=org,
        **values,
        limits=contract.OrganisationLimits(daily_emails=limits.daily_emails, daily_sms=limits.daily_sms),
        usage=contract.OrganisationUsage(day=usage.day, emails=usage.emails, sms=usage.sms),
    )


def update(recruiter: Recruiter, patch: contract.OrganisationPatch, now: datetime) -> contract.OrganisationSettings:
    """Every field is checked before anything is written; a sender domain must be ours to give."""
    from chalicelib.domain.schedule import zone
    from chalicelib.notify.identities import domain_problem
    from chalicelib.store import organisations as store

    _admin(recruiter)
    changes: dict[str, Any] = {name: getattr(patch, name) for name in patch.model_fields_set}
    errors: list[dict[str, str]] = []
    if changes.get("sender_domains") is not None:
        domains = [rules.normalise_domain(domain) for domain in changes["sender_domains"]]
        changes["sender_domains"] = list(dict.fromkeys(domains))
        for index, domain in enumerate(domains):
            field = f"sender_domains.{index}"
            if not rules.is_domain(domain):
                errors.append({"field": field, "message": f"{domain!r} is not a domain name"})
            elif domain == rules.domain_of(config.mail_from()):
                errors.append({"field": field, "message": f"{domain} is the service's own domain"})
            else:
                problem = domain_problem(domain, recruiter.org)
                if problem:
                    errors.append({"field": field, "message": f"{domain} {problem}"})
    if changes.get("timezone") is not None:
        try:
            zone(changes["timezone"])
        except InvalidInputError as exc:
            errors.extend(exc.errors)
    sender_id = changes.get("sms_sender_id")
    if sender_id is not None and not rules.SMS_SENDER_ID.fullmatch(sender_id):
        errors.append({"field": "sms_sender_id", "message": "1-11 letters and digits, at least one letter"})
    if changes.get("reply_to") is not None:
        changes["reply_to"] = str(changes["reply_to"])
    current = store.settings(recruiter.org)
    if changes.get("retention") is not None:  # only the values given change; null restores the defaults
        from chalicelib.domain import retention

        changes["retention"] = {**current["retention"], **changes["retention"].model_dump(exclude_unset=True)}
        errors.extend(retention.policy_errors(changes["retention"]))
    merged = {**current, **changes}
    if merged.get("reply_to") and not rules.on_sender_domains(merged["reply_to"], merged.get("sender_domains") or []):
        errors.append({"field": "reply_to", "message": "must be an address on one of the sender domains"})
    if errors:
        fields = ", ".join(sorted({error["field"] for error in errors}))
        raise InvalidInputError(f"Invalid body: {fields}.", errors)
    if changes:
        store.save_settings(recruiter.org, changes, recruiter.user_id, now)
    return _view(recruiter.org, now)


# Sending: as the organisation, within its budget ---------------------------------------------


def check_sender(org: str, address: Any, field: str = "from") -> str:
    """An address on one of the organisation's sender domains, or a 422 naming the field."""
    from chalicelib.store import organisations as store

    return rules.check_sender(str(address), store.settings(org)["sender_domains"], field)


def default_sender(org: str, values: dict[str, Any] | None = None) -> tuple[str, str | None]:
    """(From, Reply-To) where `from` may be left out: the organisation's reply-to address under its
    name; an organisation that has none sends from the service's own address, under its name."""
    from chalicelib.store import organisations as store

    values = store.settings(org) if values is None else values
    name = values.get("name")
    reply_to = values.get("reply_to")
    if reply_to and rules.on_sender_domains(reply_to, values["sender_domains"]):
        return formataddr((name, reply_to)) if name else reply_to, None
    return formataddr((name, config.mail_from())) if name else config.mail_from(), reply_to


def sender_or_default(org: str, address: str | None, values: dict[str, Any] | None = None) -> tuple[str, str | None]:
    """(From, Reply-To) for mail the system sends later for an organisation (notices, reminders): the
    address the recruiter chose while it is still on one of the organisation's domains, else the default.
    `values`: the organisation's settings, when the caller has read them already."""
    from chalicelib.store import organisations as store

    values = store.settings(org) if values is None else values
    if address and rules.on_sender_domains(address, values["sender_domains"]):
        return address, None
    return default_sender(org, values)


def spend(org: str, now: datetime, *, emails: int = 0, sms: int = 0) -> None:
    """Count what a request is about to send, or refuse it (429) before anything is sent or stored."""
    reason = reserve(org, now, emails=emails, sms=sms)
    if reason is not None:
        raise TooManyRequestsError(
            f"This would exceed the organisation's {reason}; it renews at midnight UTC.",
            rules.seconds_until_next_day(now),
            [{"field": "budget", "message": reason}],
        )


def reserve(org: str, now: datetime, *, emails: int = 0, sms: int = 0, limits: Any = None) -> str | None:
    """Count it if it fits; else the budget that it would exceed ("daily email budget of 2000").
    `limits`: the organisation's, when the caller has read them already."""
    from chalicelib.store import organisations as store

    limits = limits or store.limits(org)
    day = rules.budget_day(now)
    if store.reserve(org, day, emails, sms, limits):
        return None
    used = store.usage(org, day)
    if emails and used.emails + emails > limits.daily_emails:
        return f"daily email budget of {limits.daily_emails}"
    return f"daily SMS budget of {limits.daily_sms}"


def outgoing(recruiter: Recruiter, now: datetime, sender: Any, *, emails: int, field: str = "from") -> str:
    """The one door for a request that sends email: the sender is the organisation's, then the budget."""
    address = check_sender(recruiter.org, sender, field)
    spend(recruiter.org, now, emails=emails)
    return address
