"""Forward CV: the email to a colleague, with and without anonymisation and attachments, read back from moto."""

from __future__ import annotations

import pytest

from tests.functional.test_documents import PDF, PNG, uploaded
from tests.functional.test_invitations import sent_mime
from tests.support import applicant, pdf_text, vacancy

APPLICATION = (
    "My name is Kari Nordmann and I have worked as a nurse since 2015.\n"
    "Reach me at kari.nordmann@example.com or +47 912 34 567, "
    "or see https://linkedin.com/in/kari-nordmann."
)
TEXT_CV = (
    "KARI NORDMANN\nStorgata 1, 0155 Oslo\nkari.nordmann@example.com | 912 34 567\n\nNurse at Ullevål, 2015-2024."
).encode()


def forward(api, applicant_id, **fields):
    body = {
        "to": "lead@partner.example",
        "from": "recruiter@acme.example",
        "subject": "Candidate for {vacancy}: {fullname}",
        "body": "Hi,\n\nHave a look at {firstname} {lastname}. I spoke to Kari Nordmann on the phone.",
        **fields,
    }
    return api.post(f"/applicants/{applicant_id}/forward", body)


@pytest.fixture()
def kari(api):
    job = vacancy(api, "Nurse")
    return applicant(
        api,
        job["id"],
        "Kari",
        "Nordmann",
        email="kari.nordmann@example.com",
        mobile="+4791234567",
        language="nb",
        address="Storgata 1\n0155 Oslo",
        application_text=APPLICATION,
        screening_answers={"Do you have a licence?": "Yes, Kari Nordmann holds licence 12345."},
    )


@pytest.fixture()
def files(api, kari):
    return {
        "cv": uploaded(api, kari["id"], filename="Kari Nordmann CV.pdf"),
        "photo": uploaded(
            api, kari["id"], content=PNG, filename="kari.png", content_type="image/png", size=len(PNG), kind="other"
        ),
        "text": uploaded(
            api,
            kari["id"],
            content=TEXT_CV,
            filename="Kari-CV.txt",
            content_type="text/plain",
            size=len(TEXT_CV),
            kind="other",
        ),
    }


def everything_in(message) -> str:
    """Every word of the email: headers, text, HTML, attachment names and contents (PDFs as text)."""
    parts = [str(message["Subject"]), str(message["To"])]
    for part in message.walk():
        if part.is_multipart():
            continue
        parts.append(part.get_filename() or "")
        content = part.get_content()
        if part.get_content_type() == "application/pdf":
            content = pdf_text(content)
        parts.append(content if isinstance(content, str) else content.decode("utf-8", "replace"))
    return "\n".join(parts)


def attachments(message) -> dict[str, bytes]:
    return {part.get_filename(): part.get_content() for part in message.iter_attachments()}


def test_a_cv_is_forwarded_with_the_summary_and_every_file(api, kari, files):
    response = forward(api, kari["id"])
    assert response.status == 200, response
    result = response.json
    (message,) = sent_mime()
    assert (message["To"], message["From"]) == ("lead@partner.example", "recruiter@acme.example")
    assert message["Subject"] == "Candidate for Nurse: Kari Nordmann"
    text = message.get_body(("plain",)).get_content()
    assert "Have a look at Kari Nordmann." in text
    assert "kari.nordmann@example.com" in text and "+4791234567" in text
    assert "Do you have a licence?" in text
    assert "Please treat it as confidential" in text  # our footer, not the applicant's
    sent = attachments(message)
    assert set(sent) == {"Candidate summary - Kari Nordmann.pdf", "Kari Nordmann CV.pdf", "kari.png", "Kari-CV.txt"}
    assert sent["Kari Nordmann CV.pdf"] == PDF
    assert sent["kari.png"] == PNG
    summary = pdf_text(sent["Candidate summary - Kari Nordmann.pdf"])
    assert "Kari Nordmann" in summary and "Storgata 1" in summary and "nurse since 2015" in summary
    assert result["anonymised"] is False
    assert result["left_out"] == []
    assert sorted(result["attachments"]) == sorted(sent)
    assert result["message_id"]
    (event,) = [e for e in api.get(f"/applicants/{kari['id']}").json["history"] if e["event"] == "cv_forwarded"]
    assert (event["to"], event["anonymised"], event["message_id"]) == (
        "lead@partner.example",
        False,
        result["message_id"],
    )


def test_anonymised_nothing_identifies_the_applicant_and_what_cannot_be_redacted_stays_behind(api, kari, files):
    result = forward(api, kari["id"], anonymise=True, language="en").json
    (message,) = sent_mime()
    everything = everything_in(message)
    for trace in ("Kari", "KARI", "Nordmann", "NORDMANN", "kari.nordmann", "912 34 567", "91234567", "Storgata",
                  "linkedin", "kari.png"):  # fmt: skip
        assert trace not in everything, trace
    alias = f"Candidate {kari['id'][-4:].upper()}"
    assert message["Subject"] == f"Candidate for Nurse: {alias}"
    text = message.get_body(("plain",)).get_content()
    assert f"Have a look at {alias}. I spoke to {alias} on the phone." in text
    assert "worked as a nurse since 2015" in text
    assert "has been removed or replaced" in text
    assert "or see [removed]." in text
    assert "cannot be anonymised" in text and "CV (PDF)" in text and "attachment (PNG)" in text
    sent = attachments(message)
    assert set(sent) == {f"Candidate summary - {alias}.pdf", f"{alias} - attachment 1.txt"}
    redacted_cv = sent[f"{alias} - attachment 1.txt"]
    assert "Nurse at Ullevål, 2015-2024." in redacted_cv
    assert alias in redacted_cv
    summary = pdf_text(sent[f"Candidate summary - {alias}.pdf"])
    assert alias in summary and "removed or replaced" in summary
    assert {(item["document_id"], item["reason"]) for item in result["left_out"]} == {
        (files["cv"]["id"], "cannot_anonymise"),
        (files["photo"]["id"], "cannot_anonymise"),
    }
    assert result["anonymised"] is True


def test_without_attachments_only_the_email_goes(api, kari, files):
    result = forward(api, kari["id"], include_attachments=False).json
    (message,) = sent_mime()
    assert list(message.iter_attachments()) == []
    assert result["attachments"] == [] and result["left_out"] == []
    assert "nurse since 2015" in message.get_body(("plain",)).get_content()


def test_the_summary_speaks_the_recipient_s_language(api, kari):
    forward(api, kari["id"], language="nb", anonymise=True)
    (message,) = sent_mime()
    alias = f"Kandidat {kari['id'][-4:].upper()}"
    assert set(attachments(message)) == {f"Kandidatsammendrag - {alias}.pdf"}
    assert "Søknad" in message.get_body(("plain",)).get_content()


def test_contracts_are_never_forwarded(api, kari):
    from chalicelib.domain.actors import Recruiter
    from chalicelib.services import documents

    recruiter = Recruiter("recruiter-1", api.org, "Demo Recruiter", "recruiter@acme.example", True)
    documents.add_generated(recruiter, kari["id"], "contract", "contract.pdf", PDF, "application/pdf", api.now)
    forward(api, kari["id"])
    (message,) = sent_mime()
    assert "contract.pdf" not in attachments(message)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"to": "not-an-address"}, "to"),
        ({"to": ""}, "to"),
        ({"from": "nobody"}, "from"),
        ({"subject": "  "}, "subject"),
        ({"body": "Dear {interviewtype}"}, "body"),
        ({"language": "de"}, "language"),
    ],
)
def test_bad_input_is_422_naming_the_field_and_nothing_is_sent(api, kari, fields, field):
    response = forward(api, kari["id"], **fields)
    assert response.status == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [error["field"] for error in response.json["errors"]] == [field]
    assert sent_mime() == []


def test_another_organisation_s_applicant_is_not_found(api, kari):
    assert forward(api.as_org("other"), kari["id"]).status == 404
    assert sent_mime() == []


def test_a_deleted_applicant_is_not_forwarded(api, kari):
    api.post("/applicants/actions", {"action": "delete", "applicant_ids": [kari["id"]]})
    assert forward(api, kari["id"]).status == 409
    assert sent_mime() == []


def test_a_sender_ses_will_not_send_from_is_422_naming_from(api, kari):
    response = forward(api, kari["id"], **{"from": "someone@unverified.example"})
    assert response.status == 422
    assert [error["field"] for error in response.json["errors"]] == ["from"]
    assert sent_mime() == []
