"""Letters for received and rejected applications, as PDFs for the recruiter to print and post.

The wording is ours (templates/i18n/documents/<lang>.json), in the applicant's
language, with the usual tags replaced. A letter is made on demand and not stored:
it says nothing that is not already on the applicant, and a GET changes nothing.
The rejection's reason is internal and is never printed.
"""

from __future__ import annotations

from datetime import datetime

from chalicelib import contract
from chalicelib.domain import documents as document_rules
from chalicelib.domain import letters as rules
from chalicelib.domain.actors import Recruiter
from chalicelib.domain.localize import format_date
from chalicelib.domain.outputs import File
from chalicelib.domain.tags import render
from chalicelib.services.emails import tag_values
from chalicelib.store import applicants as applicant_store
from chalicelib.store import vacancies as vacancy_store
from chalicelib.templating import document_texts


def letter(recruiter: Recruiter, applicant_id: str, kind: str, query: contract.LetterQuery, now: datetime) -> File:
    from chalicelib import printing
    from chalicelib.store import organisations as organisation_store

    applicant = applicant_store.get(recruiter.org, applicant_id)
    rules.check_letter(kind, applicant.status)
    vacancy = vacancy_store.get(recruiter.org, applicant.vacancy_id)
    language = applicant.language
    wording = document_texts(language)["letters"]
    values = tag_values(applicant, vacancy.title)
    dated = format_date(query.dated or now.date(), language, "long")
    organisation = organisation_store.settings(recruiter.org)
    sender = [organisation["name"], *address_lines(organisation["postal_address"])] if organisation["name"] else []
    pdf = printing.letter(
        language=language,
        sender=[line for line in (*sender, recruiter.name, vacancy.department, recruiter.email) if line],
        recipient=[f"{applicant.first_name} {applicant.last_name}", *address_lines(applicant.address)],
        place_and_date=f"{vacancy.location}, {dated}" if vacancy.location else dated,
        subject=render(wording[kind]["subject"], values),
        greeting=render(wording["greeting"], values),
        body=render(wording[kind]["body"], values),
        closing=wording["closing"],
        signature=[recruiter.name],
        now=now,
    )
    filename = f"letter-{kind}-{applicant.first_name} {applicant.last_name}.pdf"
    return File(pdf, "application/pdf", document_rules.content_disposition(filename, "inline"))


def address_lines(address: str | None) -> list[str]:
    return [line.strip() for line in (address or "").splitlines() if line.strip()]
