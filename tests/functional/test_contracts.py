"""Employment contracts: the PDF read back, the email to the applicant, the stored document in S3."""

from __future__ import annotations

import pytest

from tests.functional.test_documents import bucket_keys
from tests.functional.test_invitations import sent_mime
from tests.support import applicant, http_get, pdf_text, vacancy

DETAILS = {
    "position": "Senior sykepleier",
    "department": "Akuttmottaket",
    "start_date": "2027-01-04",
    "salary": "650 000 kroner i året, utbetalt månedlig",
    "employer": "Haukeland universitetssjukehus",
    "working_hours": "37,5 timer i uken",
    "place_of_work": "Bergen",
    "terms": "Seks måneders prøvetid.\n\nOppsigelsestid: tre måneder.",
    "from": "recruiter@acme.example",
}


def contract(api, applicant_id, **fields):
    return api.post(f"/applicants/{applicant_id}/contract", {**DETAILS, **fields})


@pytest.fixture()
def kari(api):
    job = vacancy(api, "Sykepleier")
    person = applicant(api, job["id"], "Kari", "Nordmann", language="nb", address="Storgata 1\n5003 Bergen")
    api.post("/applicants/actions", {"action": "send_offer", "applicant_ids": [person["id"]]})
    return person


def test_the_contract_is_a_pdf_in_the_applicant_s_language_with_every_detail_and_signature_lines(api, kari):
    response = contract(api, kari["id"])
    assert response.status == 201, response
    (message,) = sent_mime()
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "Arbeidsavtale - Kari Nordmann.pdf"
    text = pdf_text(attachment.get_content())
    for words in (
        "Arbeidsavtale",
        "Arbeidsgiver Haukeland universitetssjukehus",
        "Kari Nordmann\nStorgata 1\n5003 Bergen\nkari@example.com",
        "Stilling Senior sykepleier",
        "Avdeling Akuttmottaket",
        "Tiltredelse 4. januar 2027",
        "Lønn 650 000 kroner i året, utbetalt månedlig",
        "Arbeidstid 37,5 timer i uken",
        "Arbeidssted Bergen",
        "Seks måneders prøvetid.",
        "Sted og dato",
        "For arbeidsgiver",
        "Arbeidstaker",
    ):
        assert words in text, words
    assert text.count("Sted og dato") == 2  # a signature block for each party


def test_the_contract_is_emailed_to_the_applicant_from_our_template(api, kari):
    result = contract(api, kari["id"]).json
    (message,) = sent_mime()
    assert (message["To"], message["From"]) == ("kari@example.com", "recruiter@acme.example")
    assert message["Subject"] == "Din arbeidsavtale: Sykepleier"
    assert "Hei Kari," in message.get_body(("plain",)).get_content()
    assert result["email"]["ok"] is True
    events = [event["event"] for event in api.get(f"/applicants/{kari['id']}").json["history"]]
    assert events[-2:] == ["document_added", "contract_sent"]


def test_the_contract_is_stored_as_the_applicant_s_document(api, kari):
    result = contract(api, kari["id"]).json
    document = result["document"]
    assert (document["kind"], document["status"], document["content_type"]) == (
        "contract",
        "uploaded",
        "application/pdf",
    )
    assert bucket_keys(f"acme/{kari['id']}/{document['id']}/") == [
        f"acme/{kari['id']}/{document['id']}/Arbeidsavtale_-_Kari_Nordmann.pdf"
    ]
    stored = http_get(document["download_url"]).content
    (attachment,) = list(sent_mime()[0].iter_attachments())
    assert stored == attachment.get_content()  # what was sent is what is on record
    listed = api.get(f"/applicants/{kari['id']}/documents").json["items"]
    assert [item["kind"] for item in listed] == ["contract"]


def test_the_recruiter_may_write_the_email_and_leave_out_optional_details(api, kari):
    fields = {"subject": {"nb": "Kontrakt for {vacancy}"}, "body": "Hei {fullname}, her er kontrakten."}
    for optional in ("employer", "working_hours", "place_of_work", "terms"):
        fields[optional] = None
    contract(api, kari["id"], **fields)
    (message,) = sent_mime()
    assert message["Subject"] == "Kontrakt for Sykepleier"
    text = pdf_text(next(message.iter_attachments()).get_content())
    assert "Arbeidsgiver acme" in text  # the organisation, when no employer is named
    assert "Arbeidstid" not in text and "Øvrige vilkår" not in text


def test_a_contract_can_be_made_without_sending_it(api, kari):
    response = contract(api, kari["id"], send_email=False, **{"from": None})
    assert response.status == 201
    assert response.json["email"] is None
    assert sent_mime() == []


def test_a_contract_for_someone_without_an_offer_is_409(api):
    ola = applicant(api, vacancy(api)["id"], "Ola")
    response = contract(api, ola["id"])
    assert response.status == 409
    assert "Send an offer first" in response.json["detail"]
    assert sent_mime() == []


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"salary": ""}, "salary"),
        ({"start_date": "next monday"}, "start_date"),
        ({"from": None}, "from"),
        ({"body": "Hi {interviewtype}"}, "body"),
    ],
)
def test_bad_details_are_422_naming_the_field(api, kari, fields, field):
    response = contract(api, kari["id"], **fields)
    assert response.status == 422
    assert field in [error["field"] for error in response.json["errors"]]
    assert sent_mime() == []
    assert api.get(f"/applicants/{kari['id']}/documents").json["items"] == []


def test_another_organisation_s_applicant_is_not_found(api, kari):
    assert contract(api.as_org("other"), kari["id"]).status == 404


def test_openapi_describes_the_contract_forward_and_offer_email(api):
    document = api.get("/openapi.json", auth=False).json
    paths, schemas = document["paths"], document["components"]["schemas"]
    contract_op = paths["/applicants/{applicant_id}/contract"]["post"]
    assert contract_op["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ContractRequest"
    }
    assert "201" in contract_op["responses"]
    assert set(schemas["ContractRequest"]["required"]) == {"position", "department", "start_date", "salary"}
    forward_op = paths["/applicants/{applicant_id}/forward"]["post"]
    assert forward_op["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ForwardResult"
    }
    assert {"to", "from", "subject", "body"} <= set(schemas["ForwardRequest"]["required"])
    assert "email" in schemas["SendOfferAction"]["properties"]
