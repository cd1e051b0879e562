"""Ad-hoc email to selected applicants: all of from, subject and body valid, or nothing is sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib import contract
from chalicelib.domain import tags
from chalicelib.domain.actors import Recruiter
from chalicelib.domain.errors import InvalidInputError
from chalicelib.domain.languages import LocalizedText, pick

# An email that is not about an interview knows the applicant and the vacancy, nothing more.
AD_HOC_TAGS = ("firstname", "lastname", "fullname", "vacancy")


def check_tags(field: str, text: LocalizedText) -> list[dict[str, str]]:
    variants = {"": text} if isinstance(text, str) else text
    errors = []
    for language, value in variants.items():
        if not value.strip():
            errors.append({"field": f"{field}.{language}" if language else field, "message": "must not be empty"})
        unusable = [name for name in tags.unknown_tags(value)] + [
            name for name in tags.TAGS if name not in AD_HOC_TAGS and tags.has_tag(value, name)
        ]
        if unusable:
            names = ", ".join("{" + name + "}" for name in sorted(set(unusable)))
            errors.append(
                {
                    "field": f"{field}.{language}" if language else field,
                    "message": f"tag {names} cannot be used here; usable: "
                    + ", ".join("{" + tag + "}" for tag in AD_HOC_TAGS),
                }
            )
    return errors


def check_texts(what: str = "The email", **texts: LocalizedText | None) -> None:
    """422 naming every bad text (those given) before anything is sent or moved."""
    errors = [error for field, text in texts.items() if text is not None for error in check_tags(field, text)]
    if errors:
        raise InvalidInputError(f"{what} has invalid fields: " + ", ".join(e["field"] for e in errors) + ".", errors)


def tag_values(applicant: Any, vacancy_title: str) -> dict[str, str]:
    """The tags of text about an applicant that is not about an interview."""
    return {
        "firstname": applicant.first_name,
        "lastname": applicant.last_name,
        "fullname": f"{applicant.first_name} {applicant.last_name}",
        "vacancy": vacancy_title,
    }


def to_applicant(
    applicant: Any, sender: str, subject: str, body: str, vacancy_title: str, purpose: str = "email"
) -> Any:
    """An email to the applicant in our layout: the recruiter's text with the applicant's tags replaced."""
    from chalicelib.notify import email
    from chalicelib.notify.compose import render_layout

    rendered = render_layout(applicant.language, subject, body, tag_values(applicant, vacancy_title), details=[])
    return email.Email(
        to=applicant.email,
        sender=sender,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        purpose=purpose,
    )


def send(recruiter: Recruiter, data: contract.EmailRequest, now: datetime) -> contract.EmailResults:
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.domain.history import history_event
    from chalicelib.notify import email
    from chalicelib.services import deliveries, organisations
    from chalicelib.services.invitations import email_undeliverable
    from chalicelib.store import applicants as applicant_store
    from chalicelib.store import interviews as interview_store
    from chalicelib.store import vacancies as vacancy_store

    check_texts(subject=data.subject, body=data.body)
    sender = organisations.check_sender(recruiter.org, data.from_)
    found = applicant_store.get_many(recruiter.org, data.applicant_ids)
    organisations.spend(
        recruiter.org,
        now,
        emails=sum(
            1 for applicant in found.values() if applicant.status != "deleted" and not email_undeliverable(applicant)
        ),
    )
    titles = vacancy_store.titles(recruiter.org, {applicant.vacancy_id for applicant in found.values()})
    results = []
    for applicant_id in dict.fromkeys(data.applicant_ids):
        applicant = found.get(applicant_id)
        if applicant is None:
            results.append(
                contract.EmailResult(
                    applicant_id=applicant_id,
                    ok=False,
                    error={"code": "not_found", "message": f"No applicant {applicant_id}."},
                )
            )
            continue
        if applicant.status == "deleted":
            results.append(
                contract.EmailResult(
                    applicant_id=applicant_id,
                    ok=False,
                    error={"code": "invalid_transition", "message": "The applicant is deleted; restore them first."},
                )
            )
            continue
        if email_undeliverable(applicant):
            results.append(
                contract.EmailResult(
                    applicant_id=applicant_id,
                    ok=False,
                    error={
                        "code": "undeliverable",
                        "message": "The applicant's email address bounced or complained; correct it first.",
                    },
                )
            )
            continue
        message = to_applicant(
            applicant,
            sender,
            pick(data.subject, applicant.language) or "",
            pick(data.body, applicant.language) or "",
            titles.get(applicant.vacancy_id, ""),
        )
        try:
            message_id = email.send(message, org=recruiter.org)
        except (ClientError, BotoCoreError) as exc:
            results.append(
                contract.EmailResult(
                    applicant_id=applicant_id, ok=False, error={"code": "send_failed", "message": str(exc)}
                )
            )
            continue
        interview_store.add_history(
            recruiter.org,
            applicant_id,
            history_event(now, recruiter.user_id, "email_sent", subject=message.subject, message_id=message_id),
        )
        deliveries.track(recruiter.org, message_id, "email", now, applicant_id=applicant_id)
        results.append(
            contract.EmailResult(
                applicant_id=applicant_id, ok=True, message_id=message_id, delivery={"state": "pending"}
            )
        )
    return contract.EmailResults(results=results)
