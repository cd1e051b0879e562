"""Retention: applicants are kept only as long as the organisation's policy allows, saved profiles by
the owner's renewed consent, and the daily run (POST /dev/retention/run, as the 09:00 UTC schedule)
purges the rest through the recruiter's own purge path. The clock is pinned throughout."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlencode

import pytest

from tests.functional.test_invitations import sent_mime
from tests.support import PINNED_NOW, ApiClient, applicant, vacancy

FORM = {"content-type": "application/x-www-form-urlencoded"}
SENDER = "recruiter@acme.example"


def at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T09:00:00+00:00")


def run(api: ApiClient, day: str) -> dict:
    response = api.post("/dev/retention/run", {"at": f"{day}T09:00:00Z"}, auth=False)
    assert response.status == 200, response
    return response.json


def profile_token(message) -> str:
    match = re.search(r"https://rendezvous\.test/profile/([A-Za-z0-9_-]+)", message.get_body(("plain",)).get_content())
    assert match, message
    return match.group(1)


def act(api: ApiClient, action: str, applicant_ids: list[str], **fields) -> list[dict]:
    response = api.post("/applicants/actions", {"action": action, "applicant_ids": applicant_ids, **fields})
    assert response.status == 200, response
    return response.json["results"]


def exists(api: ApiClient, applicant_id: str) -> bool:
    status = api.get(f"/applicants/{applicant_id}").status
    assert status in (200, 404)
    return status == 200


@pytest.fixture()
def job(api):
    return vacancy(api, "Sykepleier")


# Applications -------------------------------------------------------------------------------


def test_an_application_is_purged_six_months_after_its_last_activity_and_not_a_day_before(client, api, job):
    # GIVEN an application received on 20 November 2026 and rejected on 1 December (its last activity)
    kari = applicant(api, job["id"], "Kari", "Nordmann", language="nb")
    assert kari["retention"] == {"delete_on": "2027-05-20", "reason": "application"}
    later = ApiClient(client, now=at("2026-12-01"))
    (result,) = act(later, "reject", [kari["id"]], rejection_type="not_qualified")
    assert result["ok"], result
    assert later.get(f"/applicants/{kari['id']}").json["retention"] == {
        "delete_on": "2027-06-01",
        "reason": "application",
    }

    # WHEN the run goes the day before: nothing happens
    assert run(api, "2027-05-31")["purged"] == 0
    assert exists(ApiClient(client, now=at("2027-05-31")), kari["id"])

    # THEN the run on the day purges it, and a second run that day finds nothing more to do
    report = run(api, "2027-06-01")
    assert (report["purged"], report["read"]) == (1, 1)
    after = ApiClient(client, now=at("2027-06-01"))
    assert not exists(after, kari["id"])
    assert after.get(f"/applicants/{kari['id']}/history").status == 404
    assert after.get("/applicants?status=deleted").json["items"] == []
    assert run(api, "2027-06-01") | {"today": None} == run(api, "2027-06-02") | {"today": None}
    assert run(api, "2027-06-02")["read"] == 0


def test_an_interview_s_end_is_the_application_s_last_activity_and_everything_goes_with_it(client, api, job):
    ola = applicant(api, job["id"], "Ola", "Nordmann", language="nb")
    body = {
        "applicant_ids": [ola["id"]],
        "type": "in_person",
        "attendees": [{"name": "Anna Berg", "email": "anna@acme.example"}],
        "start": "2026-12-07T10:00",
        "timezone": "Europe/Oslo",
        "duration_minutes": 45,
        "invitation": {"send_email": True, "from": SENDER, "subject": "Intervju", "body": "Hei {firstname}"},
        "reminder": {"channel": "none"},
    }
    response = api.post("/interviews", body)
    assert response.status == 201, response
    interview_id = response.json["interviews"][0]["id"]
    # the interview ends on 7 December, 09:45 UTC
    assert api.get(f"/applicants/{ola['id']}").json["retention"]["delete_on"] == "2027-06-07"

    assert run(api, "2027-06-06")["purged"] == 0
    assert run(api, "2027-06-07")["purged"] == 1
    after = ApiClient(client, now=at("2027-06-07"))
    assert after.get(f"/interviews/{interview_id}").status == 404
    assert not exists(after, ola["id"])


def test_a_held_application_is_kept_until_the_hold_is_released(client, api, job):
    kari = applicant(api, job["id"], "Kari", "Nordmann")
    held = api.post(f"/applicants/{kari['id']}/hold", {"reason": "Complaint to the ombudsman, case 2026/114"})
    assert held.status == 200, held
    assert held.json["retention"] == {"delete_on": None, "reason": "legal_hold"}
    assert held.json["legal_hold"]["reason"] == "Complaint to the ombudsman, case 2026/114"
    assert api.post(f"/applicants/{kari['id']}/hold", {"reason": "again"}).status == 409
    events = [event["event"] for event in api.get(f"/applicants/{kari['id']}").json["history"]]
    assert events[-1] == "hold_placed"

    # long past its date, the run does not even see it (the hold takes it out of the index)
    assert run(api, "2028-01-10") | {"today": None} == {**run(api, "2028-01-10"), "read": 0, "today": None}
    later = ApiClient(client, now=at("2028-01-10"))
    assert exists(later, kari["id"])
    # nor can a recruiter purge it by hand
    act(later, "delete", [kari["id"]])
    (refused,) = act(later, "purge", [kari["id"]])
    assert refused["error"]["code"] == "invalid_transition"

    released = later.delete(f"/applicants/{kari['id']}/hold")
    assert released.status == 200, released
    assert released.json["retention"] == {
        "delete_on": "2028-07-10",
        "reason": "application",
    }  # deleted: a status change
    assert later.get(f"/applicants/{kari['id']}").json["history"][-1]["event"] == "hold_released"
    assert run(api, "2028-07-10")["purged"] == 1


def test_bad_hold_requests_are_named(api, job):
    kari = applicant(api, job["id"], "Kari", "Nordmann")
    response = api.post(f"/applicants/{kari['id']}/hold", {"reason": ""})
    assert response.status == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [error["field"] for error in response.json["errors"]] == ["reason"]
    assert api.delete(f"/applicants/{kari['id']}/hold").status == 409
    assert api.as_org("other").post(f"/applicants/{kari['id']}/hold", {"reason": "x"}).status == 404


def test_recruiters_list_what_will_go_before_a_day(client, api, job):
    first = applicant(api, job["id"], "Kari", "Nordmann")
    second = applicant(ApiClient(client, now=at("2026-12-15")), job["id"], "Ola", "Nordmann")
    api.post(f"/applicants/{applicant(api, job['id'], 'Per', 'Hansen')['id']}/hold", {"reason": "audit"})
    hired = applicant(api, job["id"], "Siri", "Dahl")
    act(api, "hire", [hired["id"]], position="Nurse", department="Ward 3")

    listed = api.get("/applicants?retention_due_before=2027-06-16").json
    assert [item["id"] for item in listed["items"]] == [first["id"], second["id"]]
    assert [item["retention"]["delete_on"] for item in listed["items"]] == ["2027-05-20", "2027-06-15"]
    assert [item["id"] for item in api.get("/applicants?retention_due_before=2027-06-15").json["items"]] == [
        first["id"]
    ]
    assert api.as_org("other").get("/applicants?retention_due_before=2030-01-01").json["items"] == []
    assert api.get(f"/applicants/{hired['id']}").json["retention"] == {"delete_on": None, "reason": "employee"}
    assert api.get("/applicants?retention_due_before=not-a-day").status == 422
    both = api.get("/applicants?retention_due_before=2027-06-16&status=received")
    assert both.status == 422
    assert [error["field"] for error in both.json["errors"]] == ["retention_due_before"]


# Saved profiles ----------------------------------------------------------------------------


def test_a_saved_profile_renewed_by_its_owner_is_kept_and_one_without_an_answer_is_purged(client, api, job):
    # GIVEN two profiles saved with access on 20 November 2026: kept 12 months, asked 30 days before
    kari = applicant(api, job["id"], "Kari", "Nordmann", email="kari@example.com", language="nb")
    john = applicant(api, job["id"], "John", "Smith", email="john@example.com", language="en")
    for person in (kari, john):
        (result,) = act(api, "save", [person["id"]], send_access=True, **{"from": SENDER})
        assert result["access"]["sent"], result
    assert api.get(f"/applicants/{kari['id']}").json["retention"] == {
        "delete_on": "2027-11-20",
        "reason": "saved_profile",
    }
    mails_before = len(sent_mime())

    # WHEN the run goes 30 days before: each owner is asked, in their own language, once
    assert run(api, "2027-10-20")["notified"] == 0
    report = run(api, "2027-10-21")
    assert report["notified"] == 2
    assert run(api, "2027-10-21")["notified"] == 0
    notices = {message["To"]: message for message in sent_mime()[mails_before:]}
    assert set(notices) == {"kari@example.com", "john@example.com"}
    norwegian = notices["kari@example.com"]
    assert norwegian["Subject"] == "Skal vi beholde profilen din?"
    text = norwegian.get_body(("plain",)).get_content()
    assert "Hei Kari," in text
    assert "20. november 2027" in text
    assert "12 måneder til" in text
    assert notices["john@example.com"]["Subject"] == "Shall we keep your profile?"
    assert "November 20, 2027" in notices["john@example.com"].get_body(("plain",)).get_content()

    # Kari opens her profile (a GET changes nothing) and keeps it, with one click on a small form
    token = profile_token(norwegian)
    owner = ApiClient(client, now=at("2027-10-25"))
    page = owner.get(f"/profile/{token}", auth=False)
    assert page.status == 200
    assert 'name="intent" value="keep"' in page.text
    assert "Behold profilen min" in page.text
    assert owner.get(f"/applicants/{kari['id']}").json["retention"]["delete_on"] == "2027-11-20"
    kept = owner.request("POST", f"/profile/{token}", auth=False, headers=FORM, raw_body=urlencode({"intent": "keep"}))
    assert kept.status == 200, kept
    assert "Takk: vi beholder profilen din en periode til." in kept.text
    detail = owner.get(f"/applicants/{kari['id']}").json
    assert detail["retention"] == {"delete_on": "2028-10-25", "reason": "saved_profile"}
    consent = detail["history"][-1]
    assert (consent["event"], consent["by"], consent["at"]) == ("consent_renewed", "applicant", "2027-10-25T09:00:00Z")

    # THEN at expiry John's profile is purged and Kari's kept
    report = run(api, "2027-11-20")
    assert (report["purged"], report["read"]) == (1, 1)
    after = ApiClient(client, now=at("2027-11-20"))
    assert not exists(after, john["id"])
    assert exists(after, kari["id"])
    # John's link is gone with him
    assert after.get(f"/profile/{profile_token(notices['john@example.com'])}", auth=False).status == 404


def test_deleting_from_the_renewal_link_is_purged_by_the_next_run(client, api, job):
    kari = applicant(api, job["id"], "Kari", "Nordmann", language="nb")
    act(api, "save", [kari["id"]], send_access=True, **{"from": SENDER})
    run(api, "2027-10-21")
    token = profile_token(sent_mime()[-1])
    owner = ApiClient(client, now=at("2027-10-22"))
    answer = owner.request(
        "POST",
        f"/profile/{token}",
        auth=False,
        headers=FORM,
        raw_body=urlencode({"intent": "delete", "confirm": "yes"}),
    )
    assert answer.status == 200
    assert owner.get(f"/applicants/{kari['id']}").json["retention"] == {
        "delete_on": "2027-10-22",
        "reason": "deletion_requested",
    }
    assert run(api, "2027-10-22")["purged"] == 1
    assert not exists(ApiClient(client, now=at("2027-10-22")), kari["id"])


def test_the_keep_form_is_only_for_saved_profiles(client, api, job):
    kari = applicant(api, job["id"], "Kari", "Nordmann", language="nb")
    access = api.post(f"/applicants/{kari['id']}/access", {"from": SENDER})
    assert access.status == 201, access
    token = profile_token(sent_mime()[-1])
    assert 'value="keep"' not in api.get(f"/profile/{token}", auth=False).text
    refused = api.request("POST", f"/profile/{token}", auth=False, headers=FORM, raw_body="intent=keep")
    assert refused.status == 400


# The run itself -----------------------------------------------------------------------------


def test_a_run_killed_half_way_is_finished_by_the_next(client, api, job, monkeypatch):
    from chalicelib.store import actions

    kari = applicant(api, job["id"], "Kari", "Nordmann")
    real_purge = actions.purge

    def killed(*args, **kwargs):
        raise RuntimeError("the Lambda function timed out")

    monkeypatch.setattr(actions, "purge", killed)
    crashed = api.post("/dev/retention/run", {"at": "2027-05-20T09:00:00Z"}, auth=False)
    assert crashed.status == 500
    half = ApiClient(client, now=at("2027-05-20")).get(f"/applicants/{kari['id']}").json
    assert half["status"] == "deleted"  # the first step is done, and it is still due

    monkeypatch.setattr(actions, "purge", real_purge)
    assert run(api, "2027-05-21")["purged"] == 1
    assert not exists(ApiClient(client, now=at("2027-05-21")), kari["id"])


def test_a_run_short_of_time_stops_between_applicants_and_the_next_goes_on(client, api, job):
    from chalicelib.services import retention

    for name in ("Kari", "Ola", "Per"):
        applicant(api, job["id"], name, "Nordmann")
    left = iter([60_000, 60_000, 1_000])  # milliseconds the invocation has left before each applicant
    first = retention.run("2027-05-20T09:00:00Z", time_left=lambda: next(left))
    assert (first["purged"], first["done"]) == (2, False)
    second = retention.run("2027-05-21T09:00:00Z", time_left=lambda: 60_000)
    assert (second["purged"], second["done"]) == (1, True)


def test_a_longer_policy_moves_the_date_instead_of_purging(client, api, job):
    kari = applicant(api, job["id"], "Kari", "Nordmann")
    admin = api.as_org("acme", admin=True)
    response = admin.patch("/organisation", {"retention": {"applications_months": 9}})
    assert response.status == 200, response
    report = run(api, "2027-05-20")
    assert (report["purged"], report["redated"]) == (0, 1)
    assert api.get(f"/applicants/{kari['id']}").json["retention"]["delete_on"] == "2027-08-20"
    assert run(api, "2027-08-20")["purged"] == 1


def test_the_run_logs_and_counts_numbers_only(client, api, job, caplog):
    import logging

    applicant(api, job["id"], "Kari", "Nordmann", email="kari.secret@example.com")
    with caplog.at_level(logging.INFO, logger="rendezvous"):
        report = run(api, "2027-05-20")
    (line,) = [record for record in caplog.records if record.getMessage() == "retention run"]
    assert line.per_org == {"acme": {"purged": {"application": 1}}}
    assert report["purged"] == 1
    logged = " ".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)
    assert "kari" not in logged.lower()
    assert "apl_" not in logged


def test_the_run_counts_purges_per_organisation_and_reason_as_metrics(client, api, job, capsys):
    import json

    applicant(api, job["id"], "Kari", "Nordmann")
    applicant(api, job["id"], "Ola", "Nordmann")
    capsys.readouterr()
    run(api, "2027-05-20")
    emitted = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    purged = [document for document in emitted if "RetentionPurged" in document]
    assert [(doc["org"], doc["reason"], doc["RetentionPurged"]) for doc in purged] == [("acme", "application", [2.0])]


def test_an_interview_moved_later_moves_the_date_with_it(client, api, job):
    kari = applicant(api, job["id"], "Kari", "Nordmann")
    body = {
        "applicant_ids": [kari["id"]],
        "type": "phone",
        "start": "2026-12-07T10:00",
        "timezone": "Europe/Oslo",
        "duration_minutes": 30,
        "invitation": {"send_email": False},
        "reminder": {"channel": "none"},
    }
    created = api.post("/interviews", body)
    assert created.status == 201, created
    assert api.get(f"/applicants/{kari['id']}").json["retention"]["delete_on"] == "2027-06-07"
    moved = api.patch(f"/interviews/{created.json['interviews'][0]['id']}", {"start": "2027-01-12T10:00"})
    assert moved.status == 200, moved
    assert api.get(f"/applicants/{kari['id']}").json["retention"]["delete_on"] == "2027-07-12"
    assert run(api, "2027-06-07")["purged"] == 0


def test_the_schedule_handler_runs_the_job(client, api, job):
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event", detail={}, resources=[])
    response = client.lambda_.invoke("run_retention", event)
    assert response.payload["done"] is True
    assert response.payload["today"] == event["time"][:10]  # the event's own time decides "today"


# The policy ---------------------------------------------------------------------------------


def test_the_policy_is_an_admin_s_setting_with_defaults(api):
    admin = api.as_org("acme", admin=True)
    assert admin.get("/organisation").json["retention"] == {
        "applications_months": 6,
        "saved_profiles_months": 12,
        "renewal_notice_days": 30,
    }
    assert api.patch("/organisation", {"retention": {"applications_months": 3}}).status == 403
    changed = admin.patch("/organisation", {"retention": {"applications_months": 3, "renewal_notice_days": 14}})
    assert changed.json["retention"] == {
        "applications_months": 3,
        "saved_profiles_months": 12,
        "renewal_notice_days": 14,
    }
    again = admin.patch("/organisation", {"retention": {"saved_profiles_months": 24}})  # only what is given changes
    assert again.json["retention"] == {"applications_months": 3, "saved_profiles_months": 24, "renewal_notice_days": 14}
    assert admin.patch("/organisation", {"retention": None}).json["retention"]["applications_months"] == 6


@pytest.mark.parametrize(
    ("retention", "field"),
    [
        ({"applications_months": 0}, "retention.applications_months"),
        ({"applications_months": 61}, "retention.applications_months"),
        ({"saved_profiles_months": 100}, "retention.saved_profiles_months"),
        ({"renewal_notice_days": 0}, "retention.renewal_notice_days"),
        ({"applications_months": "six"}, "retention.applications_months"),
        ({"forever": True}, "retention.forever"),
    ],
)
def test_a_policy_out_of_bounds_is_named(api, retention, field):
    admin = api.as_org("acme", admin=True)
    response = admin.patch("/organisation", {"retention": retention})
    assert response.status == 422, response
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [error["field"] for error in response.json["errors"]] == [field]
    assert admin.get("/organisation").json["retention"]["applications_months"] == 6


def test_a_shorter_policy_applies_from_an_application_s_next_activity(client, api, job):
    admin = api.as_org("acme", admin=True)
    admin.patch("/organisation", {"retention": {"applications_months": 1}})
    kari = applicant(api, job["id"], "Kari", "Nordmann")
    assert kari["retention"]["delete_on"] == "2026-12-20"
    assert run(api, "2026-12-19")["purged"] == 0
    assert run(api, "2026-12-20")["purged"] == 1
    assert PINNED_NOW.date().isoformat() == "2026-11-20"
