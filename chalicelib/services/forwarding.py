"""Forward CV: an email about one applicant to anyone, optionally anonymised, optionally without attachments.

What goes: the recruiter's text (tags replaced), a summary of the candidate (the
vacancy, when they applied, their application text and screening answers; their
name and contact details unless anonymised), and, unless attachments are left
out, the same summary as a PDF with the applicant's CV and other attachments.

Anonymised, the applicant is "Candidate 7K3Q" everywhere, in the tags, the summary,
the PDF, and in the recruiter's own text; contact details and links are removed.
Only files we can rewrite (plain text) are attached, redacted; PDFs, Word files and
images (photos) are left out, and the email says so without naming them (a file
name often is the applicant's name). Contracts are never forwarded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from chalicelib import contract
from chalicelib.domain import anonymise
from chalicelib.domain import documents as document_rules
from chalicelib.domain.actors import Recruiter
from chalicelib.domain.errors import ConflictError, InvalidInputError, UnavailableError
from chalicelib.domain.history import history_event
from chalicelib.domain.tags import render
from chalicelib.services.emails import check_texts
from chalicelib.store import applicants as applicant_store
from chalicelib.store import vacancies as vacancy_store
from chalicelib.templating import document_texts

ATTACHMENT_BUDGET = 25 * 1024 * 1024
"""Bytes of attachments in one email: SES takes 40 MB, and base64 makes files a third larger."""

FORWARDED_KINDS = ("cv", "other")


@dataclass
class Parcel:
    """What goes with the email, and what was left out and why."""

    attachments: list[Any] = field(default_factory=list)
    left_out: list[contract.ForwardLeftOut] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    size: int = 0


def forward(
    recruiter: Recruiter, applicant_id: str, data: contract.ForwardRequest, now: datetime
) -> contract.ForwardResult:
    from chalicelib.notify.email import Attachment

    check_texts(subject=data.subject, body=data.body)
    applicant = applicant_store.get(recruiter.org, applicant_id)
    if applicant.status == applicant_store.DELETED:
        raise ConflictError("The applicant is deleted; restore them first.")
    from chalicelib.services import organisations

    sender = organisations.outgoing(recruiter, now, data.from_, emails=1)
    vacancy_title = vacancy_store.title(recruiter.org, applicant.vacancy_id)
    texts = document_texts(data.language)
    wording = texts["summary"]
    redactor = _redactor(applicant, wording) if data.anonymise else None
    values = _tag_values(applicant, vacancy_title, redactor)
    facts, sections = _summary(applicant, vacancy_title, wording, redactor, data.language)

    parcel = Parcel(notes=[wording["anonymised"]] if redactor else [])
    if data.include_attachments:
        from chalicelib import printing

        summary_pdf = printing.summary(
            language=data.language,
            title=wording["title"],
            note=wording["anonymised"] if redactor else None,
            facts=facts,
            sections=sections,
            now=now,
        )
        name = f"{wording['title']} - {values['fullname']}.pdf"
        _add(parcel, Attachment(name, summary_pdf, "application/pdf"))
        _attach_documents(parcel, recruiter.org, applicant, redactor, values, texts, now)

    subject = render(data.subject, values)
    body = render(data.body, values)
    if redactor:
        subject, body = redactor.text(subject), redactor.text(body)
    text = "\n\n".join([body.rstrip(), *(f"{heading}\n{content}" for heading, content in sections), *parcel.notes])
    message = _send(recruiter.org, sender, data, subject, text, facts, parcel, wording["footer"], vacancy_title)

    from chalicelib.store import interviews as interview_store

    interview_store.add_history(
        recruiter.org,
        applicant_id,
        history_event(
            now,
            recruiter.user_id,
            "cv_forwarded",
            to=str(data.to),
            anonymised=data.anonymise,
            attachments=[attachment.filename for attachment in parcel.attachments],
            message_id=message,
        ),
    )
    from chalicelib.services import deliveries

    deliveries.track(recruiter.org, message, "forward", now, applicant_id=applicant_id)
    return contract.ForwardResult(
        message_id=message,
        to=str(data.to),
        anonymised=data.anonymise,
        attachments=[attachment.filename for attachment in parcel.attachments],
        left_out=parcel.left_out,
    )


def _redactor(applicant: Any, wording: dict[str, Any]) -> anonymise.Redactor:
    person = anonymise.Person(
        applicant.first_name, applicant.last_name, applicant.email, applicant.mobile, applicant.address
    )
    return anonymise.Redactor(person, _alias(applicant, wording), wording["removed"])


def _alias(applicant: Any, wording: dict[str, Any]) -> str:
    return f"{wording['candidate']} {anonymise.reference(applicant.applicant_id)}"


def _tag_values(applicant: Any, vacancy_title: str, redactor: anonymise.Redactor | None) -> dict[str, str]:
    """{firstname} {lastname} reads "Candidate 7K3Q" anonymised, as {fullname} does."""
    if redactor is None:
        first, last = applicant.first_name, applicant.last_name
    else:
        first, _, last = redactor.alias.rpartition(" ")
    return {"firstname": first, "lastname": last, "fullname": f"{first} {last}", "vacancy": vacancy_title}


def _summary(
    applicant: Any, vacancy_title: str, wording: dict[str, Any], redactor: anonymise.Redactor | None, language: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    from chalicelib.domain.localize import format_date
    from chalicelib.services.letters import address_lines

    labels = wording["labels"]
    clean = redactor.text if redactor else (lambda text: text)
    facts = [(labels["vacancy"], vacancy_title)]
    if redactor:
        facts.append((labels["name"], redactor.alias))
    else:
        facts.append((labels["name"], f"{applicant.first_name} {applicant.last_name}"))
        facts.append((labels["email"], applicant.email))
        if applicant.mobile:
            facts.append((labels["mobile"], applicant.mobile))
        if applicant.address:
            facts.append((labels["address"], "\n".join(address_lines(applicant.address))))
    facts.append((labels["applied"], format_date(applicant.created_at.date(), language, "long")))
    sections = []
    if applicant.application_text:
        sections.append((labels["application_text"], clean(applicant.application_text)))
    answers = applicant.screening_answers.as_dict() if applicant.screening_answers else {}
    if answers:
        sections.append(
            (labels["screening_answers"], "\n\n".join(f"{clean(q)}\n{clean(a)}" for q, a in answers.items()))
        )
    return facts, sections


def _attach_documents(
    parcel: Parcel,
    org: str,
    applicant: Any,
    redactor: anonymise.Redactor | None,
    values: dict[str, str],
    texts: dict[str, Any],
    now: datetime,
) -> None:
    from chalicelib.files import s3
    from chalicelib.notify.email import Attachment
    from chalicelib.services import documents

    kinds, wording = texts["kinds"], texts["summary"]
    cannot, too_large = [], []
    found = [d for d in documents.uploaded(org, applicant.applicant_id, now) if d.kind in FORWARDED_KINDS]
    for document in found:
        described = f"{kinds.get(document.kind, document.kind)} ({document_rules.TYPE_NAMES[document.content_type]})"
        if redactor and document.content_type not in anonymise.ANONYMISABLE_TYPES:
            cannot.append(described)
            parcel.left_out.append(_left_out(document, "cannot_anonymise"))
            continue
        if parcel.size + int(document.size) > ATTACHMENT_BUDGET:
            too_large.append(described if redactor else document.filename)
            parcel.left_out.append(_left_out(document, "too_large"))
            continue
        content = s3.read(document.s3_key)
        if redactor:
            redacted = redactor.text(anonymise.decode_text(content)).encode("utf-8")
            number = sum(1 for attachment in parcel.attachments if attachment.mime_type.startswith("text/plain")) + 1
            name = f"{values['fullname']} - {kinds.get(document.kind, document.kind)} {number}.txt"
            _add(parcel, Attachment(name, redacted, "text/plain; charset=utf-8"))
        else:
            _add(parcel, Attachment(document.filename, content, document.content_type))
    if cannot:
        parcel.notes.append(render(wording["left_out_anonymise"], {"documents": ", ".join(cannot)}))
    if too_large:
        parcel.notes.append(render(wording["left_out_size"], {"documents": ", ".join(too_large)}))
    if parcel.attachments:
        names = ", ".join(attachment.filename for attachment in parcel.attachments)
        parcel.notes.append(render(wording["attached"], {"documents": names}))


def _left_out(document: Any, reason: str) -> contract.ForwardLeftOut:
    return contract.ForwardLeftOut(document_id=document.document_id, filename=document.filename, reason=reason)


def _add(parcel: Parcel, attachment: Any) -> None:
    parcel.attachments.append(attachment)
    parcel.size += len(attachment.content)


def _send(
    org: str,
    sender: str,
    data: contract.ForwardRequest,
    subject: str,
    text: str,
    facts: list[tuple[str, str]],
    parcel: Parcel,
    footer: str,
    vacancy_title: str,
) -> str:
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.notify import email
    from chalicelib.notify.compose import render_layout

    rendered = render_layout(data.language, subject, text, {"vacancy": vacancy_title}, details=facts, footer=footer)
    message = email.Email(
        to=str(data.to),
        sender=sender,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        attachments=parcel.attachments,
        purpose="forward",
    )
    try:
        return email.send(message, org=org)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == "MessageRejected":
            raise InvalidInputError.field("from", f"SES refused the email: {exc}") from exc
        raise UnavailableError("The email could not be sent just now; try again.") from exc
    except BotoCoreError as exc:
        raise UnavailableError("The email could not be sent just now; try again.") from exc
