"""Employment contracts: a PDF with the applicant's contract details, stored as their document and emailed to them.

The contract is stored before it is sent, so that what the applicant receives is
always on record; if the email then fails, the answer says so and the stored
contract can be downloaded and sent another way. The contract is in the
applicant's language, like everything else they receive.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib import contract
from chalicelib.domain import letters as rules
from chalicelib.domain.actors import Recruiter
from chalicelib.domain.history import history_event
from chalicelib.domain.languages import pick
from chalicelib.services.emails import check_texts, to_applicant
from chalicelib.store import applicants as applicant_store
from chalicelib.store import vacancies as vacancy_store
from chalicelib.templating import document_texts


def send(
    recruiter: Recruiter, applicant_id: str, data: contract.ContractRequest, now: datetime
) -> contract.ContractSent:
    from chalicelib import printing
    from chalicelib.domain.localize import format_date
    from chalicelib.services import documents
    from chalicelib.services.letters import address_lines

    _check_texts(data)
    applicant = applicant_store.get(recruiter.org, applicant_id)
    rules.check_contract(applicant.status)
    from chalicelib.services import organisations
    from chalicelib.store import organisations as organisation_store

    if data.send_email:
        organisations.outgoing(recruiter, now, data.from_, emails=1)
    organisation = organisation_store.settings(recruiter.org)
    language = applicant.language
    wording = document_texts(language)["contract"]
    labels = wording["labels"]
    full_name = f"{applicant.first_name} {applicant.last_name}"
    employer = data.employer or organisation["name"] or recruiter.org
    employer_block = "\n".join([employer, *address_lines(organisation["postal_address"])])
    employee = "\n".join([full_name, *address_lines(applicant.address), applicant.email])
    facts = [
        (labels["employer"], employer_block),
        (labels["employee"], employee),
        (labels["position"], data.position),
        (labels["department"], data.department),
        (labels["start_date"], format_date(data.start_date, language, "long")),
        (labels["salary"], data.salary),
    ]
    if data.working_hours:
        facts.append((labels["working_hours"], data.working_hours))
    if data.place_of_work:
        facts.append((labels["place_of_work"], data.place_of_work))
    pdf = printing.contract(
        language=language,
        title=wording["title"],
        intro=wording["intro"],
        facts=facts,
        terms=(labels["terms"], data.terms) if data.terms else None,
        place_and_date=wording["place_and_date"],
        signatures=[(wording["signature_employer"], employer), (wording["signature_employee"], full_name)],
        now=now,
    )
    filename = f"{wording['title']} - {full_name}.pdf"
    document = documents.add_generated(
        recruiter, applicant_id, "contract", filename, pdf, "application/pdf", now, position=data.position
    )
    outcome = (
        _email(recruiter, data, applicant, filename, pdf, wording, now, document.document_id)
        if data.send_email
        else None
    )
    return contract.ContractSent(document=documents.view(document, now), email=outcome)


def _check_texts(data: contract.ContractRequest) -> None:
    check_texts(subject=data.subject, body=data.body)


def _email(
    recruiter: Recruiter,
    data: contract.ContractRequest,
    applicant: Any,
    filename: str,
    pdf: bytes,
    wording: dict[str, Any],
    now: datetime,
    document_id: str,
) -> contract.EmailOutcome:
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.notify import email as mail
    from chalicelib.services import deliveries
    from chalicelib.services.deliveries import UNDELIVERABLE
    from chalicelib.services.invitations import email_undeliverable
    from chalicelib.store import interviews as interview_store

    if email_undeliverable(applicant):
        return contract.EmailOutcome(ok=False, error=dict(UNDELIVERABLE))
    language = applicant.language
    title = vacancy_store.get(recruiter.org, applicant.vacancy_id).title
    message = to_applicant(
        applicant,
        str(data.from_),
        pick(data.subject, language) or wording["email_subject"],
        pick(data.body, language) or wording["email_body"],
        title,
        purpose="contract",
    )
    message.attachments.append(mail.Attachment(filename, pdf, "application/pdf"))
    try:
        message_id = mail.send(message, org=recruiter.org)
    except (ClientError, BotoCoreError) as exc:
        return contract.EmailOutcome(ok=False, error={"code": "send_failed", "message": str(exc)})
    event = history_event(
        now,
        recruiter.user_id,
        "contract_sent",
        document_id=document_id,
        subject=message.subject,
        message_id=message_id,
    )
    interview_store.add_history(recruiter.org, applicant.applicant_id, event)
    deliveries.track(recruiter.org, message_id, "contract", now, applicant_id=applicant.applicant_id)
    return contract.EmailOutcome(ok=True, message_id=message_id, delivery={"state": "pending"})
