"""Save & send access: the applicant's personal link to see, correct, or ask to delete their data."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest

from tests.functional.test_invitations import invite_body, sent_mime
from tests.support import PINNED_NOW, applicant, ses_refuses, vacancy

FORM = {"content-type": "application/x-www-form-urlencoded"}
SENDER = "recruiter@acme.example"


def act(api, action, applicant_ids, **fields):
    response = api.post("/applicants/actions", {"action": action, "applicant_ids": applicant_ids, **fields})
    assert response.status == 200, response
    return response.json["results"]


def profile_link(message) -> str:
    match = re.search(r"https://rendezvous\.test/profile/([A-Za-z0-9_-]+)", message.get_body(("plain",)).get_content())
    assert match, message
    return match.group(1)


def post(api, token, fields):
    return api.request("POST", f"/profile/{token}", auth=False, headers=FORM, raw_body=urlencode(fields))


def correction(person, version, **changes):
    fields = {
        "intent": "correct",
        "first_name": person["first_name"],
        "last_name": person["last_name"],
        "email": person["email"],
        "mobile": person["mobile"] or "",
        "language": person["language"],
        "version": str(version),
    }
    return {**fields, **changes}


def version_on(page_text: str) -> str:
    return re.search(r'name="version" value="([0-9a-f]+)"', page_text).group(1)


@pytest.fixture()
def kari(api):
    job = vacancy(api, "Sykepleier")
    return applicant(
        api,
        job["id"],
        "Kari",
        "Nordmann",
        email="kari.nordmann@example.com",
        mobile="+4791234567",
        language="nb",
        application_text="Jeg har ti års erfaring fra akuttmottak.",
        screening_answers={"Har du førerkort?": "Ja, klasse B"},
    )


@pytest.fixture()
def saved(api, kari):
    results = act(api, "save", [kari["id"]], send_access=True, **{"from": SENDER})
    return {"applicant": kari, "result": results[0], "token": profile_link(sent_mime()[-1])}


# Sending the link ----------------------------------------------------------------------------


def test_save_and_send_access_saves_and_emails_a_personal_link(api, kari):
    (result,) = act(api, "save", [kari["id"]], send_access=True, **{"from": SENDER})
    assert result["ok"] is True
    assert result["status"] == "saved"
    assert result["access"]["sent"] is True
    assert result["access"]["valid_until"] == "2026-12-20T09:00:00Z"
    (message,) = sent_mime()
    assert (message["To"], message["From"]) == ("kari.nordmann@example.com", SENDER)
    assert message["Subject"] == "Din lagrede profil"
    text = message.get_body(("plain",)).get_content()
    assert "Hei Kari," in text
    assert "Vi har lagret profilen din" in text
    assert "20. desember 2026" in text
    assert "passord" not in text.lower()
    profile_link(message)
    detail = api.get(f"/applicants/{kari['id']}").json
    assert detail["status"] == "saved"
    assert [event["event"] for event in detail["history"]] == ["received", "saved", "access_sent"]
    assert detail["history"][-1]["message_id"] == result["access"]["message_id"]


def test_plain_save_sends_nothing(api, kari):
    (result,) = act(api, "save", [kari["id"]])
    assert result == {"applicant_id": kari["id"], "ok": True, "status": "saved"}
    assert sent_mime() == []


def test_send_access_needs_a_sender(api, kari):
    response = api.post("/applicants/actions", {"action": "save", "applicant_ids": [kari["id"]], "send_access": True})
    assert response.status == 422
    assert response.json["errors"][0]["field"] == "from"
    assert api.get(f"/applicants/{kari['id']}").json["status"] == "received"


def test_a_failed_access_email_is_reported_but_the_applicant_stays_saved(api, kari):
    ses_refuses("acme.example")
    (result,) = act(api, "save", [kari["id"]], send_access=True, **{"from": "x@acme.example"})
    assert (result["ok"], result["status"]) == (True, "saved")
    assert result["access"]["sent"] is False
    assert result["access"]["error"]["code"] == "send_failed"


def test_access_can_be_sent_again_by_its_own_route(api, saved):
    kari = saved["applicant"]
    response = api.post(f"/applicants/{kari['id']}/access", {"from": SENDER})
    assert response.status == 201
    assert response.json["applicant_id"] == kari["id"]
    new_token = profile_link(sent_mime()[-1])
    assert new_token != saved["token"]
    assert "Vi har lagret profilen din" not in sent_mime()[-1].get_body(("plain",)).get_content()
    for token in (saved["token"], new_token):
        assert api.get(f"/profile/{token}", auth=False).status == 200


def test_access_for_another_organisations_applicant_is_not_found(api, kari):
    response = api.as_org("other").post(f"/applicants/{kari['id']}/access", {"from": SENDER})
    assert response.status == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert sent_mime() == []


def test_a_deleted_applicant_gets_no_access(api, kari):
    act(api, "delete", [kari["id"]])
    response = api.post(f"/applicants/{kari['id']}/access", {"from": SENDER})
    assert response.status == 409
    assert sent_mime() == []


def test_an_unverified_sender_is_a_422_and_stores_no_link(api, kari):
    response = api.post(f"/applicants/{kari['id']}/access", {"from": "x@unverified.example"})
    assert response.status == 422
    assert response.json["errors"][0]["field"] == "from"
    assert [event["event"] for event in api.get(f"/applicants/{kari['id']}").json["history"]] == ["received"]


# The page ------------------------------------------------------------------------------------


def test_the_page_shows_the_stored_data_in_the_applicants_language_and_changes_nothing(api, saved):
    page = api.get(f"/profile/{saved['token']}", auth=False)
    assert page.status == 200
    assert '<html lang="nb">' in page.text
    for text in (
        "Dine opplysninger",
        "Kari",
        "Nordmann",
        "kari.nordmann@example.com",
        "+4791234567",
        "Norsk bokmål",
        "Sykepleier",
        "Lagret for andre stillinger",
        "Jeg har ti års erfaring fra akuttmottak.",
        "Har du førerkort?",
        "Ja, klasse B",
        "20. desember 2026",
    ):
        assert text in page.text, text
    for field in ("first_name", "last_name", "email", "mobile", "language", "confirm"):
        assert f'<label for="field-{field}">' in page.text
    assert "<script" not in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in page.headers["content-security-policy"]
    history = api.get(f"/applicants/{saved['applicant']['id']}").json["history"]
    assert [event["event"] for event in history] == ["received", "saved", "access_sent"]


def test_the_applicant_corrects_their_data(api, saved):
    kari = saved["applicant"]
    version = version_on(api.get(f"/profile/{saved['token']}", auth=False).text)
    fields = correction(kari, version, last_name="Hansen", email="kari.hansen@example.com", mobile="+47 415 55 123")
    response = post(api, saved["token"], fields)
    assert response.status == 200
    assert "Rettelsene dine er lagret." in response.text
    assert "kari.hansen@example.com" in response.text
    detail = api.get(f"/applicants/{kari['id']}").json
    assert (detail["last_name"], detail["email"], detail["mobile"]) == (
        "Hansen",
        "kari.hansen@example.com",
        "+4741555123",
    )
    event = detail["history"][-1]
    assert (event["event"], event["by"]) == ("profile_corrected", "applicant")
    assert event["fields"] == ["email", "last_name", "mobile"]


def test_a_correction_reaches_the_applicants_interviews(api, saved):
    kari = saved["applicant"]
    body = invite_body([kari["id"]], invitation={"send_email": False})
    interview = api.post("/interviews", body).json["interviews"][0]
    version = version_on(api.get(f"/profile/{saved['token']}", auth=False).text)
    post(api, saved["token"], correction(kari, version, last_name="Hansen"))
    assert api.get(f"/interviews/{interview['id']}").json["applicant_name"] == "Kari Hansen"


def test_a_new_language_shows_the_page_in_it(api, saved):
    kari = saved["applicant"]
    version = version_on(api.get(f"/profile/{saved['token']}", auth=False).text)
    response = post(api, saved["token"], correction(kari, version, language="sv"))
    assert '<html lang="sv">' in response.text
    assert "Dina rättelser är sparade." in response.text
    assert api.get(f"/applicants/{kari['id']}").json["language"] == "sv"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "kari@"}, "Skriv inn en gyldig e-postadresse"),
        ({"email": ""}, "Skriv inn en gyldig e-postadresse"),
        ({"mobile": "12"}, "Skriv inn et gyldig mobilnummer"),
        ({"first_name": "  "}, "Skriv inn fornavnet ditt."),
        ({"language": "de"}, "Velg et språk."),
    ],
)
def test_invalid_corrections_are_a_400_page_naming_the_field_and_change_nothing(api, saved, changes, message):
    kari = saved["applicant"]
    before = api.get(f"/applicants/{kari['id']}").json
    version = version_on(api.get(f"/profile/{saved['token']}", auth=False).text)
    response = post(api, saved["token"], correction(kari, version, last_name="Endret", **changes))
    assert response.status == 400
    assert '<html lang="nb">' in response.text
    assert 'role="alert"' in response.text
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'value="Endret"' in response.text  # what they typed is kept
    assert api.get(f"/applicants/{kari['id']}").json == before


def test_a_correction_on_a_stale_page_is_a_409_page(api, saved):
    kari = saved["applicant"]
    version = version_on(api.get(f"/profile/{saved['token']}", auth=False).text)
    api.patch(f"/applicants/{kari['id']}", {"first_name": "Karianne"})
    response = post(api, saved["token"], correction(kari, version, last_name="Hansen"))
    assert response.status == 409
    assert "Opplysningene dine er endret i mellomtiden" in response.text
    detail = api.get(f"/applicants/{kari['id']}").json
    assert (detail["first_name"], detail["last_name"]) == ("Karianne", "Nordmann")


def test_a_correction_after_a_rating_or_a_note_in_the_history_is_not_stale(api, saved):
    kari = saved["applicant"]
    version = version_on(api.get(f"/profile/{saved['token']}", auth=False).text)
    api.post("/emails", {"applicant_ids": [kari["id"]], "from": "hr@acme.example", "subject": "Hi", "body": "Hi"})
    response = post(api, saved["token"], correction(kari, version, last_name="Hansen"))
    assert response.status == 200
    assert api.get(f"/applicants/{kari['id']}").json["last_name"] == "Hansen"


def test_sending_an_unchanged_form_changes_nothing(api, saved):
    kari = saved["applicant"]
    version = version_on(api.get(f"/profile/{saved['token']}", auth=False).text)
    response = post(api, saved["token"], correction(kari, version))
    assert response.status == 200
    assert "Ingenting ble endret." in response.text
    assert api.get(f"/applicants/{kari['id']}").json["history"][-1]["event"] == "access_sent"


def test_a_deletion_request_needs_the_box_ticked(api, saved):
    response = post(api, saved["token"], {"intent": "delete"})
    assert response.status == 400
    assert "Kryss av i boksen for å bekrefte." in response.text
    assert api.get(f"/applicants/{saved['applicant']['id']}").json["status"] == "saved"


def test_a_deletion_request_puts_the_application_on_the_deleted_list(api, saved):
    kari = saved["applicant"]
    response = post(api, saved["token"], {"intent": "delete", "confirm": "yes"})
    assert response.status == 200
    assert "Vi har mottatt forespørselen din" in response.text
    assert "20. november 2026" in response.text
    detail = api.get(f"/applicants/{kari['id']}").json
    assert detail["status"] == "deleted"
    assert detail["deletion_requested_at"] == "2026-11-20T09:00:00Z"
    event = detail["history"][-1]
    assert (event["event"], event["by"], event["from_status"], event["status"]) == (
        "deletion_requested",
        "applicant",
        "saved",
        "deleted",
    )
    deleted = api.get("/applicants?status=deleted").json["items"]
    assert [(item["id"], item["deletion_requested_at"]) for item in deleted] == [(kari["id"], "2026-11-20T09:00:00Z")]
    # The page now only confirms the request: no data, no forms.
    page = api.get(f"/profile/{saved['token']}", auth=False)
    assert page.status == 200
    assert "kari.nordmann@example.com" not in page.text
    assert "<form" not in page.text
    assert post(api, saved["token"], correction(kari, "0", last_name="Hansen")).status == 200
    assert api.get(f"/applicants/{kari['id']}").json["last_name"] == "Nordmann"
    # The recruiter purges it from the deleted list, and the link is gone with it.
    assert act(api, "purge", [kari["id"]])[0]["ok"] is True
    assert api.get(f"/profile/{saved['token']}", auth=False).status == 404


def test_a_hired_applicants_deletion_request_is_recorded_for_a_person_to_handle(api, kari):
    api.post(f"/applicants/{kari['id']}/access", {"from": SENDER})
    token = profile_link(sent_mime()[-1])
    act(api, "hire", [kari["id"]], position="Sykepleier", department="Akutt")
    response = post(api, token, {"intent": "delete", "confirm": "yes"})
    assert response.status == 200
    assert "Organisasjonen behandler forespørselen din" in response.text
    detail = api.get(f"/applicants/{kari['id']}").json
    assert detail["status"] == "hired"
    assert detail["deletion_requested_at"] == "2026-11-20T09:00:00Z"


def test_a_recruiter_deleting_the_application_ends_the_link(api, saved):
    act(api, "delete", [saved["applicant"]["id"]])
    page = api.get(f"/profile/{saved['token']}", auth=False)
    assert page.status == 410
    assert "Lenken virker ikke lenger" in page.text


def test_after_thirty_days_the_link_is_gone(api, saved):
    later = api.at(PINNED_NOW + timedelta(days=30))
    page = later.get(f"/profile/{saved['token']}", auth=False)
    assert page.status == 410
    assert '<html lang="nb">' in page.text
    kari = saved["applicant"]
    assert post(later, saved["token"], correction(kari, 1, last_name="Hansen")).status == 410
    assert api.at(PINNED_NOW + timedelta(days=29)).get(f"/profile/{saved['token']}", auth=False).status == 200


def test_an_unknown_token_or_intent_is_an_error_page(api, saved):
    forged = saved["token"][:-4] + ("AAAA" if not saved["token"].endswith("AAAA") else "BBBB")
    for token in (forged, "short"):
        page = api.get(f"/profile/{token}", auth=False)
        assert page.status == 404
        assert page.headers["content-type"].startswith("text/html")
        assert post(api, token, {"intent": "delete", "confirm": "yes"}).status == 404
    assert post(api, saved["token"], {"intent": "something"}).status == 400


def test_only_the_hash_of_the_profile_token_is_stored(api, saved):
    from tests.functional.test_actions_integrity import every_stored_item

    assert saved["token"] not in every_stored_item()


def test_openapi_describes_the_profile_routes(api):
    document = api.get("/openapi.json", auth=False).json
    assert "post" in document["paths"]["/applicants/{applicant_id}/access"]
    form = document["paths"]["/profile/{token}"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
    assert {"intent", "first_name", "email", "mobile", "confirm"} <= set(form["schema"]["properties"])
    save = document["components"]["schemas"]["SaveAction"]["properties"]
    assert {"send_access", "from"} <= set(save)


def test_a_restored_application_shows_the_applicant_their_data_again(api, saved):
    kari = saved["applicant"]
    post(api, saved["token"], {"intent": "delete", "confirm": "yes"})
    assert act(api, "restore", [kari["id"]])[0]["ok"] is True
    detail = api.get(f"/applicants/{kari['id']}").json
    assert (detail["status"], detail["deletion_requested_at"]) == ("saved", None)
    page = api.get(f"/profile/{saved['token']}", auth=False)
    assert "kari.nordmann@example.com" in page.text
    assert "<form" in page.text


def test_the_page_also_shows_the_postal_address_and_the_stored_documents(api, saved):
    from tests.functional.test_documents import uploaded

    kari = saved["applicant"]
    api.patch(f"/applicants/{kari['id']}", {"address": "Storgata 1\n0155 Oslo"})
    uploaded(api, kari["id"], filename="Kari CV 2026.pdf")
    page = api.get(f"/profile/{saved['token']}", auth=False).text
    assert "Postadresse" in page and "Storgata 1, 0155 Oslo" in page
    assert "Dokumentene dine" in page and "Kari CV 2026.pdf" in page
