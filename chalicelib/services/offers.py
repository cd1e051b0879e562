"""The offer email that may go with `send_offer`: our template or the recruiter's text, in each applicant's language.

The status is written first and the email sent after, only to applicants whose
status moved: an applicant never reads an offer the system does not record. A
failed email does not undo the offer; the result says what became of it, so the
recruiter can write again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib import contract
from chalicelib.domain.actors import Recruiter
from chalicelib.domain.history import history_event
from chalicelib.domain.languages import pick
from chalicelib.services.emails import check_texts, to_applicant
from chalicelib.templating import document_texts


def check(email: contract.OfferEmail) -> None:
    """Only the tags an email about an application knows; a text given must not be empty. 422 before anything moves."""
    check_texts("The offer email", **{"email.subject": email.subject, "email.body": email.body})


def send_all(
    recruiter: Recruiter,
    email: contract.OfferEmail,
    results: list[Any],
    applicants: dict[str, Any],
    now: datetime,
) -> list[Any]:
    """Each applicant who now has an offer gets the email; the others' results stay as they are."""
    from chalicelib.store import vacancies as vacancy_store

    offered = [result for result in results if result.ok]
    if not offered:
        return results
    titles = vacancy_store.titles(recruiter.org, {applicants[result.applicant_id].vacancy_id for result in offered})
    return [
        _send(recruiter, email, result, applicants[result.applicant_id], titles, now) if result.ok else result
        for result in results
    ]


def _send(
    recruiter: Recruiter,
    email: contract.OfferEmail,
    result: contract.ActionSucceeded,
    applicant: Any,
    titles: dict[str, str],
    now: datetime,
) -> contract.OfferSent:
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.notify import email as mail
    from chalicelib.services import deliveries
    from chalicelib.services.deliveries import UNDELIVERABLE
    from chalicelib.services.invitations import email_undeliverable
    from chalicelib.store import interviews as interview_store

    if email_undeliverable(applicant):
        outcome = contract.EmailOutcome(ok=False, error=dict(UNDELIVERABLE))
        return contract.OfferSent(applicant_id=result.applicant_id, status=result.status, email=outcome)
    language = applicant.language
    template = document_texts(language)["offer"]
    message = to_applicant(
        applicant,
        str(email.from_),
        pick(email.subject, language) or template["subject"],
        pick(email.body, language) or template["body"],
        titles.get(applicant.vacancy_id, ""),
        purpose="offer",
    )
    try:
        message_id = mail.send(message, org=recruiter.org)
    except (ClientError, BotoCoreError) as exc:
        outcome = contract.EmailOutcome(ok=False, error={"code": "send_failed", "message": str(exc)})
        return contract.OfferSent(applicant_id=result.applicant_id, status=result.status, email=outcome)
    event = history_event(now, recruiter.user_id, "offer_email_sent", subject=message.subject, message_id=message_id)
    interview_store.add_history(recruiter.org, applicant.applicant_id, event)
    deliveries.track(recruiter.org, message_id, "offer", now, applicant_id=applicant.applicant_id)
    outcome = contract.EmailOutcome(ok=True, message_id=message_id, delivery={"state": "pending"})
    return contract.OfferSent(applicant_id=result.applicant_id, status=result.status, email=outcome)
