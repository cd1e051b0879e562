"""Recruitment actions on many applicants at once.

Each applicant is judged and written on their own: one BatchGetItem reads them all,
then one conditional write per applicant (a transaction where an employee is created
or interviews are purged). A failure is that applicant's result, never the request's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from chalicelib import contract
from chalicelib.domain import pipeline, retention
from chalicelib.domain.actors import Recruiter
from chalicelib.domain.errors import (
    ConflictError,
    InvalidInputError,
    InvalidTransitionError,
    NotFoundError,
    RendezvousError,
    UnavailableError,
)
from chalicelib.domain.history import history_event
from chalicelib.domain.ids import new_id
from chalicelib.services import offers
from chalicelib.store import actions as store
from chalicelib.store import employees as employee_store
from chalicelib.store import retention as retention_store
from chalicelib.store import vacancies as vacancy_store

log = logging.getLogger("rendezvous")

EVENTS = {
    "withdraw": "withdrawn",
    "delete": "deleted",
    "restore": "restored",
    "purge": "purged",
    "reject": "rejected",
    "save": "saved",
    "send_offer": "offer_sent",
    "hire": "hired",
    "transfer": "transferred",
}
"""The history event each action leaves on the applicant."""

ERROR_CODES: dict[type[RendezvousError], str] = {
    NotFoundError: "not_found",
    InvalidTransitionError: "invalid_transition",
    ConflictError: "conflict",
    UnavailableError: "unavailable",
}


@dataclass
class Change:
    """What an action writes besides the status: fields to set or remove, and details for the history."""

    set_fields: dict[str, Any] = field(default_factory=dict)
    remove_fields: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)


def perform(
    recruiter: Recruiter, request: contract.RecruitmentAction, now: datetime
) -> contract.RecruitmentActionResults:
    command = request.root
    if command.action == "transfer":
        _check_vacancy(recruiter.org, command.vacancy_id)
    offer_email = command.email if command.action == "send_offer" else None
    if offer_email is not None:
        offers.check(offer_email)
    applicant_ids = list(dict.fromkeys(command.applicant_ids))
    found = store.load(recruiter.org, applicant_ids)
    _check_outgoing(recruiter, command, offer_email, len(found), now)
    # the retention date follows the status (domain/retention.py); a hire or a purge ends it, whatever the policy
    policy = retention_store.policy(recruiter.org) if command.action not in ("purge", "hire") else None
    results = [
        _result(recruiter, command, applicant_id, found.get(applicant_id), now, policy)
        for applicant_id in applicant_ids
    ]
    if offer_email is not None:
        results = offers.send_all(recruiter, offer_email, results, found, now)
    return contract.RecruitmentActionResults(results=results)


def _check_outgoing(recruiter: Recruiter, command: Any, offer_email: Any, count: int, now: datetime) -> None:
    """An action that emails (an offer, profile access) sends as the organisation, within its budget,
    or nobody moves: each applicant found may get one email."""
    from chalicelib.services import organisations

    if offer_email is not None:
        organisations.outgoing(recruiter, now, offer_email.from_, emails=count, field="email.from")
    elif command.action == "save" and command.send_access:
        organisations.outgoing(recruiter, now, command.from_, emails=count)


def _check_vacancy(org: str, vacancy_id: str) -> None:
    try:
        vacancy_store.get(org, vacancy_id)
    except NotFoundError:
        raise InvalidInputError.field("vacancy_id", "no such vacancy in your organisation") from None


def _result(
    recruiter: Recruiter,
    command: contract.ActionCommand,
    applicant_id: str,
    applicant: Any,
    now: datetime,
    policy: retention.Policy | None,
) -> contract.ActionSucceeded | contract.ActionFailed:
    try:
        if applicant is None:
            raise NotFoundError(f"No applicant {applicant_id}.")
        status = apply(recruiter, command, applicant, now, policy)
    except tuple(ERROR_CODES) as exc:
        if isinstance(exc, UnavailableError):
            log.warning("recruitment action failed", extra={"applicant_id": applicant_id}, exc_info=exc.__cause__)
        code = next(code for kind, code in ERROR_CODES.items() if isinstance(exc, kind))
        return contract.ActionFailed(
            applicant_id=applicant_id, error=contract.ActionError(code=code, message=exc.detail)
        )
    if getattr(command, "send_access", False):
        # Save & send access: saved already; the profile link's email is reported, never undoes the save.
        from chalicelib.services import profiles

        access = profiles.after_save(recruiter, applicant, str(command.from_), now)
        return contract.SavedWithAccess(applicant_id=applicant_id, status=status, access=access)
    return contract.ActionSucceeded(applicant_id=applicant_id, status=status)


def apply(
    recruiter: Recruiter,
    command: contract.ActionCommand,
    applicant: Any,
    now: datetime,
    policy: retention.Policy | None,
) -> str:
    """Apply one action to one applicant (as read before); returns the status it leads to.

    A status change is the application's last activity: its retention date moves with it (`policy`).
    """
    action = command.action
    purging = applicant.purge_started_at is not None
    status = pipeline.next_status(applicant.status, action, applicant.status_before_delete, purging)
    if action == "purge" and applicant.legal_hold is not None:
        raise InvalidTransitionError("The applicant is under a legal hold; release it before purging.")
    if action == "purge":
        from chalicelib.services import documents

        store.purge(applicant, documents.erase_for_purge(applicant, now))
        return pipeline.PURGED
    change = _change(action, command, applicant, status)
    requested = None if "deletion_requested_at" in change.remove_fields else applicant.deletion_requested_at
    change.set_fields.update(
        retention_store.replan(
            applicant,
            policy or retention.Policy(),
            status=status,
            last_activity_at=now,
            deletion_requested_at=requested,
        )
    )
    if action == "restore":
        change.remove_fields.append("retention_purge")
    event = history_event(
        now, recruiter.user_id, EVENTS[action], from_status=applicant.status, status=status, **change.details
    )
    if action == "hire":
        employee = employee_store.new(
            recruiter.org, new_id("emp", now), applicant, command.position, command.department, now
        )
        event["employee_id"] = employee.employee_id
        store.hire(applicant, event, now, employee, change.set_fields)
    else:
        store.change(applicant, status, event, now, change.set_fields, change.remove_fields)
    return status


def _change(action: str, command: contract.ActionCommand, applicant: Any, status: str) -> Change:
    change = Change()
    if action == "delete":
        change.set_fields["status_before_delete"] = applicant.status
    elif action == "restore":
        # a restored application is live again: its profile link shows the data, not the old request
        change.remove_fields += ["status_before_delete", "deletion_requested_at"]
    elif action == "reject":
        rejection = {"type": command.rejection_type, "reason": command.reason}
        change.set_fields["rejection"] = {key: value for key, value in rejection.items() if value is not None}
        change.details.update(rejection_type=command.rejection_type, reason=command.reason)
    elif action == "hire":
        change.details.update(position=command.position, department=command.department)
    elif action == "transfer":
        if command.vacancy_id == applicant.vacancy_id:
            raise InvalidTransitionError("The applicant is already on that vacancy.")
        change.set_fields["vacancy_id"] = command.vacancy_id
        change.remove_fields += ["application_text", "screening_answers", "rating"]
        change.details.update(from_vacancy_id=applicant.vacancy_id, to_vacancy_id=command.vacancy_id)
    if applicant.rejection is not None and status not in ("rejected", "deleted"):
        change.remove_fields.append("rejection")  # no longer rejected; the history keeps why they were
    return change
