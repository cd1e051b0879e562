"""Letters for received and rejected applications: PDFs in the applicant's language, to print and post."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.support import applicant, pdf_text, vacancy

PDF = {"accept": "application/pdf"}


def letter(api, applicant_id, kind, query="", headers=PDF):
    return api.get(f"/applicants/{applicant_id}/letters/{kind}{query}", headers=headers)


@pytest.fixture()
def job(api):
    return vacancy(api, "Sykepleier", department="Akuttmottaket", location="Bergen")


def test_a_received_letter_is_a_pdf_in_the_applicant_s_language_addressed_for_the_post(api, job):
    kari = applicant(api, job["id"], "Kari", "Nordmann", language="nb", address="Storgata 1\n5003 Bergen")
    response = letter(api, kari["id"], "received")
    assert response.status == 200, response
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith('inline; filename="letter-received-Kari_Nordmann.pdf"')
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert "Kari Nordmann\nStorgata 1\n5003 Bergen" in text
    assert "Bergen, 20. november 2026" in text
    assert "Din søknad på stillingen Sykepleier" in text
    assert "Kjære Kari Nordmann," in text
    assert "Takk for søknaden din på stillingen som Sykepleier" in text
    assert "Med vennlig hilsen" in text
    assert "Demo Recruiter" in text and "Akuttmottaket" in text  # who writes, from where
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    assert reader.trailer["/Root"]["/Lang"] == "nb"


@pytest.mark.parametrize(
    ("language", "words", "date"),
    [
        ("en", "we will not be taking your application further", "November 20, 2026"),
        ("nl", "niet verder in behandeling nemen", "20 november 2026"),
        ("nb", "vi ikke går videre med søknaden din", "20. november 2026"),
        ("sv", "vi inte går vidare med din ansökan", "20 november 2026"),
        ("da", "vi ikke går videre med din ansøgning", "20. november 2026"),
        ("fi", "emme jatka hakemuksesi käsittelyä", "20. marraskuuta 2026"),
    ],
)
def test_a_rejection_letter_speaks_every_language(api, job, language, words, date):
    person = applicant(api, job["id"], "Sanne", "de Vries", language=language)
    api.post(
        "/applicants/actions",
        {"action": "reject", "applicant_ids": [person["id"]], "rejection_type": "other", "reason": "Too expensive"},
    )
    text = pdf_text(letter(api, person["id"], "rejected").content)
    assert words in " ".join(text.split())
    assert date in text
    assert "Sanne de Vries" in text
    assert "Too expensive" not in text  # the reason is for the recruiters, not the letter


def test_the_letter_s_date_can_be_chosen_and_an_address_is_optional(api, job):
    john = applicant(api, job["id"], "John", "Smith", language="en")
    response = letter(api, john["id"], "received", "?date=2026-12-01")
    text = pdf_text(response.content)
    assert "Bergen, December 1, 2026" in text
    assert "John Smith" in text


def test_a_rejection_letter_for_someone_not_rejected_is_409(api, job):
    kari = applicant(api, job["id"])
    response = letter(api, kari["id"], "rejected")
    assert response.status == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert "only for a rejected applicant" in response.json["detail"]


def test_a_letter_for_a_deleted_applicant_is_409(api, job):
    kari = applicant(api, job["id"])
    api.post("/applicants/actions", {"action": "delete", "applicant_ids": [kari["id"]]})
    assert letter(api, kari["id"], "received").status == 409


def test_an_unknown_letter_or_another_organisation_s_applicant_is_404(api, job):
    kari = applicant(api, job["id"])
    assert letter(api, kari["id"], "welcome").status == 404
    assert letter(api.as_org("other"), kari["id"], "received").status == 404


def test_a_bad_date_is_422_naming_it(api, job):
    kari = applicant(api, job["id"])
    response = letter(api, kari["id"], "received", "?date=tomorrow")
    assert response.status == 422
    assert response.json["errors"][0]["field"] == "date"


def test_letters_need_a_token(api, job):
    kari = applicant(api, job["id"])
    assert api.get(f"/applicants/{kari['id']}/letters/received", auth=False, headers=PDF).status == 401


def test_the_address_is_kept_and_can_be_corrected(api, job):
    kari = applicant(api, job["id"], address="Storgata 1\n5003 Bergen")
    assert kari["address"] == "Storgata 1\n5003 Bergen"
    changed = api.patch(f"/applicants/{kari['id']}", {"address": "Nygårdsgaten 2\n5015 Bergen"}).json
    assert changed["address"] == "Nygårdsgaten 2\n5015 Bergen"
    assert "Nygårdsgaten 2" in pdf_text(letter(api, kari["id"], "received").content)


def test_openapi_describes_the_letter_as_a_pdf(api):
    operation = api.get("/openapi.json", auth=False).json["paths"]["/applicants/{applicant_id}/letters/{kind}"]["get"]
    assert "application/pdf" in operation["responses"]["200"]["content"]
    assert [p["name"] for p in operation["parameters"]] == ["applicant_id", "kind", "date"]


@pytest.mark.parametrize("accept", [None, "application/json", "*/*"])
def test_a_letter_asked_for_without_accept_application_pdf_is_406_problem_json(api, job, accept):
    """In AWS, API Gateway sends the bytes only to a request whose Accept names the type."""
    kari = applicant(api, job["id"])
    response = letter(api, kari["id"], "received", headers={"accept": accept} if accept else {})
    assert response.status == 406
    assert response.headers["content-type"] == "application/problem+json"
    assert "Accept: application/pdf" in response.json["detail"]
