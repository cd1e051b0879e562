"""An applicant as the recruiter sees it (the contract's `Applicant`), for every use case that answers with one."""

from __future__ import annotations

from typing import Any

from chalicelib import contract


def view(applicant) -> contract.Applicant:
    return contract.Applicant(
        id=applicant.applicant_id,
        vacancy_id=applicant.vacancy_id,
        first_name=applicant.first_name,
        last_name=applicant.last_name,
        email=applicant.email,
        mobile=applicant.mobile,
        language=applicant.language,
        status=applicant.status,
        application_text=applicant.application_text,
        screening_answers=applicant.screening_answers.as_dict() if applicant.screening_answers else None,
        rating=_rating(applicant),
        created_at=applicant.created_at,
        updated_at=applicant.updated_at,
        deletion_requested_at=applicant.deletion_requested_at,
        address=applicant.address,
        retention=retention_view(applicant),
        legal_hold=applicant.legal_hold.as_dict() if applicant.legal_hold is not None else None,
        **_email_status(applicant),
    )


def retention_view(applicant) -> contract.Retention:
    """When the applicant will be deleted, and why (domain/retention.py); applicants older than retention
    have no date stored yet and show none until their next activity."""
    return contract.Retention(delete_on=applicant.delete_on, reason=applicant.retention_reason)


def _email_status(applicant) -> dict[str, Any]:
    """`undeliverable` while the address that bounced or complained is still the applicant's."""
    from chalicelib.domain.delivery import as_map, undeliverable

    mark = as_map(applicant.email_undeliverable)
    if not undeliverable(mark.get("address"), applicant.email):
        return {"email_status": "ok"}
    return {
        "email_status": "undeliverable",
        "email_problem": {"state": mark.get("state"), "at": mark.get("at"), "reason": mark.get("reason")},
    }


def _rating(applicant) -> float | None:
    """The average of the applicant's panel ratings (sum and count are kept on the applicant)."""
    from chalicelib.domain.ratings import average

    rated = average(applicant.rating_sum, applicant.rating_count)
    return rated if rated is not None else applicant.rating
