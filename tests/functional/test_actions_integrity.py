"""Recruitment actions under concurrency, and purge leaving no personal data anywhere."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

import boto3
import pytest

from chalicelib import config
from chalicelib.store import actions as action_store
from chalicelib.store import interviews
from chalicelib.store.models import ALL_MODELS, AnswerLink, Applicant, Interview
from tests.support import PINNED_NOW, applicant, http_get, vacancy


def act(api, action, applicant_ids, **fields):
    response = api.post("/applicants/actions", {"action": action, "applicant_ids": applicant_ids, **fields})
    assert response.status == 200, response
    return response.json["results"]


@pytest.fixture()
def meanwhile(monkeypatch):
    """Runs `change` after the action has read the applicants and before it writes: a concurrent writer."""
    changes = []
    original = action_store.load

    def load_then_change(org, applicant_ids):
        found = original(org, applicant_ids)
        while changes:
            changes.pop(0)()  # once: the concurrent writer may itself be an action
        return found

    monkeypatch.setattr(action_store, "load", load_then_change)
    return changes.append


@pytest.mark.parametrize(
    ("action", "fields"),
    [
        ("reject", {"rejection_type": "not_qualified"}),
        ("hire", {"position": "Developer", "department": "IT"}),
        ("delete", {}),
    ],
)
def test_an_action_that_loses_a_race_reports_conflict_and_loses_nothing(api, meanwhile, action, fields):
    # GIVEN an applicant whose name a colleague changes while the action is under way
    kari = applicant(api, vacancy(api)["id"])
    meanwhile(lambda: api.patch(f"/applicants/{kari['id']}", {"last_name": "Hansen"}))
    # WHEN the action writes on the copy it read before the change
    result = act(api, action, [kari["id"]], **fields)[0]
    # THEN it reports a conflict and the colleague's change stands, with nothing of the action
    assert result["ok"] is False
    assert result["error"]["code"] == "conflict"
    detail = api.get(f"/applicants/{kari['id']}").json
    assert (detail["last_name"], detail["status"]) == ("Hansen", "received")
    assert [event["event"] for event in detail["history"]] == ["received", "updated"]
    assert api.get("/employees").json["items"] == []


def test_of_two_concurrent_actions_exactly_one_wins(api, meanwhile):
    kari = applicant(api, vacancy(api)["id"])
    meanwhile(lambda: act(api, "withdraw", [kari["id"]]))
    result = act(api, "send_offer", [kari["id"]])[0]
    assert result["error"]["code"] == "conflict"
    detail = api.get(f"/applicants/{kari['id']}").json
    assert detail["status"] == "withdrawn"
    assert [event["event"] for event in detail["history"]] == ["received", "withdrawn"]


def test_a_conflict_on_one_applicant_does_not_stop_the_others(api, meanwhile):
    job = vacancy(api)
    kari, ola = applicant(api, job["id"], "Kari"), applicant(api, job["id"], "Ola")
    meanwhile(lambda: api.patch(f"/applicants/{kari['id']}", {"language": "nb"}))
    results = act(api, "save", [kari["id"], ola["id"]])
    assert [result["ok"] for result in results] == [False, True]
    assert api.get(f"/applicants/{ola['id']}").json["status"] == "saved"


def test_a_purge_racing_a_restore_removes_nothing(api, meanwhile):
    kari = applicant(api, vacancy(api)["id"])
    interview = make_interview(api.org, kari, "int_1", "a" * 64)
    act(api, "delete", [kari["id"]])
    meanwhile(lambda: act(api, "restore", [kari["id"]]))
    result = act(api, "purge", [kari["id"]])[0]
    assert result["error"]["code"] == "conflict"
    assert api.get(f"/applicants/{kari['id']}").json["status"] == "received"
    assert interviews.find(api.org, interview.interview_id, kari["id"])
    assert AnswerLink.get("a" * 64)


# Purge ---------------------------------------------------------------------------------------


def make_interview(org: str, person: dict, interview_id: str, token_hash: str) -> Interview:
    """An interview with an answer link, written directly: the interviews API is not this test's subject."""
    start = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    name = f"{person['first_name']} {person['last_name']}"
    interview = Interview(
        org,
        interview_id,
        applicant_id=person["id"],
        applicant_name=name,
        applicant_language="nb",
        vacancy_id=person["vacancy_id"],
        vacancy_title="Backend developer",
        type="phone",
        start_utc=start,
        local_start="2026-12-07T10:00",
        timezone="Europe/Oslo",
        duration_minutes=45,
        attendees=[{"name": "Demo Recruiter", "email": "recruiter@acme.test"}],
        invitation={"to": person["email"], "subject": f"Interview, {name}", "body": f"Dear {person['first_name']}"},
        invitation_message_id="msg-1",
        answer_links=[token_hash],
        applicant_first_name=person["first_name"],
        applicant_last_name=person["last_name"],
        applicant_email=person["email"],
        applicant_mobile=person["mobile"],
        reminder={
            "channel": "email_sms",
            "days_before": 2,
            "send_on": "2026-12-05",
            "status": "scheduled",
            "to": person["email"],
            "sms_to": person["mobile"],
            "sms_text": f"Hi {person['first_name']}",
        },
        created_at=PINNED_NOW,
        updated_at=PINNED_NOW,
        created_by="recruiter-1",
        calendar_key=f"2026-12-07#{start.isoformat()}#{interview_id}",
        org_type=f"{org}#phone",
        applicant_key=f"{org}#{person['id']}",
        reminder_due="due",
        reminder_due_key=f"2026-12-05#{org}#{interview_id}",
    )
    interview.save()
    valid_until = start + timedelta(hours=1)
    AnswerLink(
        token_hash,
        org=org,
        interview_id=interview_id,
        applicant_id=person["id"],
        valid_until=valid_until,
        expires_at=valid_until + timedelta(days=30),
    ).save()
    return interview


def every_stored_item() -> str:
    """Every item of every table, as text (a scan: fine in a test, never in the app)."""
    dynamodb = boto3.client("dynamodb", region_name=config.region())
    items = []
    for model in ALL_MODELS:
        for page in dynamodb.get_paginator("scan").paginate(TableName=model.Meta.table_name):
            items += page["Items"]
    return json.dumps(items, ensure_ascii=False)


def every_stored_object() -> list[str]:
    """The key of every object in the documents bucket."""
    s3 = boto3.client("s3", region_name=config.region())
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=config.documents_bucket())
    return [item["Key"] for page in pages for item in page.get("Contents", [])]


def test_purge_leaves_no_trace_of_the_applicant_in_any_table(api):
    from tests.functional.test_documents import PDF, announce, uploaded

    # GIVEN an applicant with a history, two interviews and their answer links, documents, and another applicant
    job = vacancy(api)
    zeb = applicant(
        api, job["id"], "Zebulon", "Quartermaine", email="zeb.q@example.com", mobile="+47 415 55 123", language="nb"
    )
    other = applicant(api, job["id"], "Ola", "Nordmann", email="ola@example.com", mobile="+4791234567")
    api.patch(f"/applicants/{zeb['id']}", {"language": "nb"})
    act(api, "reject", [zeb["id"]], rejection_type="other", reason="Zebulon Quartermaine moved abroad")
    for number in range(2):
        make_interview(api.org, zeb, f"int_zeb_{number}", hashlib.sha256(f"zeb-{number}".encode()).hexdigest())
    make_interview(api.org, other, "int_ola", hashlib.sha256(b"ola").hexdigest())
    uploaded(api, zeb["id"], filename="Zebulon Quartermaine CV.pdf")
    announce(api, zeb["id"], filename="Quartermaine letter.pdf")  # never uploaded
    kept = uploaded(api, other["id"], filename="Ola CV.pdf")
    traces = [zeb["id"], zeb["email"], zeb["first_name"], zeb["last_name"], zeb["mobile"], "41555123"]
    assert all(trace in every_stored_item() for trace in traces)
    assert [key for key in every_stored_object() if zeb["id"] in key]
    # WHEN they are deleted and then purged, once the upload form has expired
    act(api, "delete", [zeb["id"]])
    assert act(api.at(PINNED_NOW + timedelta(hours=1)), "purge", [zeb["id"]])[0]["ok"] is True
    # THEN no table and no file holds anything of theirs, and the other applicant keeps everything
    everything = every_stored_item()
    assert [trace for trace in traces if trace in everything] == []
    assert [key for key in every_stored_object() if zeb["id"] in key or "Quartermaine" in key] == []
    assert api.get(f"/applicants/{other['id']}").json["status"] == "received"
    assert interviews.find(api.org, "int_ola", other["id"]).applicant_name == "Ola Nordmann"
    assert AnswerLink.get(hashlib.sha256(b"ola").hexdigest()).applicant_id == other["id"]
    assert Applicant.by_org.count(api.org) == 1
    download = api.get(f"/applicants/{other['id']}/documents/{kept['id']}").json["download_url"]
    assert http_get(download).content == PDF


def test_purge_erases_files_whose_metadata_is_missing(api):
    """Everything under the applicant's prefix goes, so not even a stray file can outlive them."""
    kari = applicant(api, vacancy(api)["id"])
    stray = f"{api.org}/{kari['id']}/doc_stray/cv.pdf"
    boto3.client("s3", region_name=config.region()).put_object(
        Bucket=config.documents_bucket(), Key=stray, Body=b"%PDF-"
    )
    act(api, "delete", [kari["id"]])
    assert act(api, "purge", [kari["id"]])[0]["ok"] is True
    assert stray not in every_stored_object()


def test_a_purge_while_an_upload_form_is_valid_waits_for_it_to_expire(api):
    from tests.functional.test_documents import announce

    kari = applicant(api, vacancy(api)["id"])
    announce(api, kari["id"])
    act(api, "delete", [kari["id"]])
    result = act(api.at(PINNED_NOW + timedelta(minutes=10)), "purge", [kari["id"]])[0]
    assert (result["ok"], result["error"]["code"]) == (False, "conflict")
    assert "09:20 UTC" in result["error"]["message"]
    assert act(api.at(PINNED_NOW + timedelta(minutes=21)), "purge", [kari["id"]])[0]["ok"] is True


def test_a_purge_racing_a_restore_keeps_the_applicant_s_files(api, meanwhile):
    from tests.functional.test_documents import uploaded

    kari = applicant(api, vacancy(api)["id"])
    document = uploaded(api, kari["id"])
    act(api, "delete", [kari["id"]])
    meanwhile(lambda: act(api, "restore", [kari["id"]]))
    result = act(api, "purge", [kari["id"]])[0]
    assert (result["ok"], result["error"]["code"]) == (False, "conflict")
    assert api.get(f"/applicants/{kari['id']}").json["status"] == "received"
    assert api.get(f"/applicants/{kari['id']}/documents/{document['id']}").json["status"] == "uploaded"
    assert [key for key in every_stored_object() if kari["id"] in key]


def test_a_purge_that_failed_after_erasing_files_cannot_be_restored_only_finished(api, monkeypatch):
    from chalicelib.files import s3
    from tests.functional.test_documents import uploaded

    kari = applicant(api, vacancy(api)["id"])
    uploaded(api, kari["id"])
    act(api, "delete", [kari["id"]])
    original = s3.delete_under

    def erase_then_fail(prefix):
        original(prefix)
        raise RuntimeError("S3 did not answer")

    monkeypatch.setattr(s3, "delete_under", erase_then_fail)
    failed = act(api, "purge", [kari["id"]])[0]
    assert (failed["ok"], failed["error"]["code"]) == (False, "unavailable")
    restore = act(api, "restore", [kari["id"]])[0]
    assert (restore["ok"], restore["error"]["code"]) == (False, "invalid_transition")
    monkeypatch.setattr(s3, "delete_under", original)
    assert act(api, "purge", [kari["id"]])[0]["ok"] is True
    assert kari["id"] not in every_stored_item()


def test_purge_of_an_applicant_with_more_interviews_than_one_transaction_holds(api):
    kari = applicant(api, vacancy(api)["id"], "Kari", "Purgeson", email="kari.p@example.com")
    for number in range(60):  # 60 interviews and 60 answer links: 121 items, two transactions
        make_interview(api.org, kari, f"int_{number:03}", hashlib.sha256(f"kari-{number}".encode()).hexdigest())
    act(api, "delete", [kari["id"]])
    assert act(api, "purge", [kari["id"]])[0]["ok"] is True
    everything = every_stored_item()
    assert "kari.p@example.com" not in everything
    assert kari["id"] not in everything


def test_a_store_failure_is_that_applicants_result_not_a_500(api, monkeypatch):
    from botocore.exceptions import ClientError
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    job = vacancy(api)
    kari, ola = applicant(api, job["id"], "Kari"), applicant(api, job["id"], "Ola")

    class ThrottledForKari(TransactWrite):
        def _commit(self):
            if kari["id"] in json.dumps(self._update_items):
                error = {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}}
                raise TransactWriteError("slow down", cause=ClientError(error, "TransactWriteItems"))
            return super()._commit()

    monkeypatch.setattr(action_store, "TransactWrite", ThrottledForKari)
    results = act(api, "save", [kari["id"], ola["id"]])
    assert results[0]["error"]["code"] == "unavailable"
    assert results[1] == {"applicant_id": ola["id"], "ok": True, "status": "saved"}


def test_purge_after_real_invitations_reschedules_and_answers_leaves_no_trace(api):
    from tests.functional.test_answers import answer
    from tests.functional.test_invitations import invite_body, link_in, sent_mime

    # GIVEN an applicant invited through the API, who answered, and whose interview was moved with a notice
    job = vacancy(api)
    zeb = applicant(api, job["id"], "Zebulon", "Quartermaine", email="zeb.q@example.com", mobile="+4741555123")
    body = invite_body([zeb["id"]], reminder={"channel": "email_sms", "days_before": 2})
    interview = api.post("/interviews", body).json["interviews"][0]
    first_link = link_in(sent_mime()[-1].get_body(("plain",)).get_content())
    answer(api, first_link, "accept")
    api.patch(f"/interviews/{interview['id']}", {"start": "2026-12-08T10:00", "notify": True})
    second_link = link_in(sent_mime()[-1].get_body(("plain",)).get_content())
    traces = [zeb["id"], zeb["email"], "Zebulon", "Quartermaine", zeb["mobile"]]
    assert all(trace in every_stored_item() for trace in traces)
    # WHEN they are deleted and purged
    act(api, "delete", [zeb["id"]])
    assert act(api, "purge", [zeb["id"]])[0]["ok"] is True
    # THEN nothing of theirs is stored, and both answer links are dead
    everything = every_stored_item()
    assert [trace for trace in traces if trace in everything] == []
    for token in (first_link, second_link):
        assert api.get(f"/confirm/{token}", auth=False).status == 404


def test_purge_removes_their_ratings_their_place_on_panels_and_their_profile_links(api):
    from tests.functional.test_invitations import sent_mime
    from tests.functional.test_rating_panels import comment, panel_body, rate, rating_links, stars

    # GIVEN an applicant rated on a panel with another, who also got a profile link and corrected their data
    job = vacancy(api)
    zeb = applicant(
        api, job["id"], "Zebulon", "Quartermaine", email="zeb.q@example.com", mobile="+4741555123", language="nb"
    )
    other = applicant(api, job["id"], "Ola", "Nordmann", email="ola@example.com", application_text="Ola's text")
    panel = api.post("/rating-panels", panel_body([zeb["id"], other["id"]])).json
    links = rating_links()
    for reviewer, given in (("anna@acme.example", 6), ("per@acme.example", 4)):
        fields = {**stars(zeb, given), **comment(zeb, "Zebulon Quartermaine is strong"), **stars(other, 5)}
        assert rate(api, links[reviewer], fields).status == 200
    api.post(f"/applicants/{zeb['id']}/access", {"from": "recruiter@acme.example"})
    profile_token = sent_mime()[-1].get_body(("plain",)).get_content().split("/profile/")[1].split()[0]
    traces = [zeb["id"], zeb["email"], "Zebulon", "Quartermaine", zeb["mobile"]]
    assert all(trace in every_stored_item() for trace in traces)
    # WHEN they are deleted and purged
    act(api, "delete", [zeb["id"]])
    assert act(api, "purge", [zeb["id"]])[0]["ok"] is True
    # THEN nothing of theirs is stored; the panel and the other candidate's ratings go on
    everything = every_stored_item()
    assert [trace for trace in traces if trace in everything] == []
    assert api.get(f"/rating-panels/{panel['id']}").json["applicant_ids"] == [other["id"]]
    assert api.get(f"/applicants/{other['id']}").json["ratings"]["count"] == 2
    page = api.get(f"/rate/{links['anna@acme.example']}", auth=False)
    assert page.status == 200
    assert "Ola Nordmann" in page.text
    assert api.get(f"/profile/{profile_token}", auth=False).status == 404
