"""The applicant's history: one item per event, however long it grows."""

from __future__ import annotations

from datetime import timedelta

import boto3
import pytest

from chalicelib import config
from chalicelib.domain.history import history_event
from chalicelib.store import history
from chalicelib.store.applicants import INTERVIEWS_READ_AHEAD, RATINGS_READ_AHEAD
from chalicelib.store.models import HistoryEvent, collection_key
from tests.functional.test_invitations import invite_body, link_in, sent_mime
from tests.support import PINNED_NOW, applicant, vacancy

FORM = {"content-type": "application/x-www-form-urlencoded"}
LONG_HISTORY = 10_000


def append_events(org: str, applicant_id: str, count: int, start=None) -> None:
    """Events as the app writes them, `count` of them a second apart, by default before now (written in batches)."""
    start = start or PINNED_NOW - timedelta(seconds=count + 60)
    with HistoryEvent.batch_write() as batch:
        for number in range(count):
            at = start + timedelta(seconds=number)
            event = history_event(at, "usr_test", "email_sent", subject=f"Note {number}")
            batch.save(history.item(org, applicant_id, event))


def collection_size(org: str, applicant_id: str) -> int:
    """How many items the applicant's collection holds, whatever their kind (read past the app, as a count)."""
    dynamodb = boto3.client("dynamodb", region_name=config.region())
    pages = dynamodb.get_paginator("query").paginate(
        TableName=HistoryEvent.Meta.table_name,
        KeyConditionExpression="applicant_key = :key",
        ExpressionAttributeValues={":key": {"S": collection_key(org, applicant_id)}},
        Select="COUNT",
    )
    return sum(page["Count"] for page in pages)


def answer(api, token, value):
    return api.request("POST", f"/confirm/{token}", auth=False, headers=FORM, raw_body=f"answer={value}")


@pytest.fixture()
def invited(api):
    job = vacancy(api, "Sykepleier")
    person = applicant(api, job["id"], "Kari", "Nordmann", language="nb")
    assert api.post("/interviews", invite_body([person["id"]])).status == 201
    token = link_in(sent_mime()[0].get_body(("plain",)).get_content())
    return {"applicant": person, "token": token}


def test_an_applicant_with_10000_history_events_is_answered_for_patched_deleted_and_purged(api, invited):
    # GIVEN an invited applicant with 10,000 more events in their history (far beyond 400 KB)
    kari = invited["applicant"]
    append_events(api.org, kari["id"], LONG_HISTORY)
    # WHEN the applicant answers, THEN it is recorded
    page = answer(api, invited["token"], "accept")
    assert page.status == 200, page.text
    # WHEN a recruiter patches them, THEN the change and its event are stored
    patched = api.patch(f"/applicants/{kari['id']}", {"last_name": "Hansen"})
    assert patched.status == 200, patched
    detail = api.get(f"/applicants/{kari['id']}").json
    assert detail["last_name"] == "Hansen"
    assert len(detail["history"]) == 50
    assert [event["event"] for event in detail["history"][-2:]] == ["answered", "updated"]
    assert detail["history_next_cursor"]
    # WHEN they are deleted and purged, THEN nothing of their collection is left
    result = api.post("/applicants/actions", {"action": "delete", "applicant_ids": [kari["id"]]}).json["results"]
    assert result[0]["ok"] is True, result
    # the applicant, their interview and their events: received, invited, answered, updated, deleted and the 10,000
    assert collection_size(api.org, kari["id"]) == 1 + 1 + 5 + LONG_HISTORY
    result = api.post("/applicants/actions", {"action": "purge", "applicant_ids": [kari["id"]]}).json["results"]
    assert result[0]["ok"] is True, result
    assert collection_size(api.org, kari["id"]) == 0
    assert api.get(f"/applicants/{kari['id']}").status == 404


def test_the_detail_shows_the_latest_events_in_one_query_and_the_rest_is_paged(api, dynamodb_calls):
    job = vacancy(api)
    kari = applicant(api, job["id"])
    append_events(api.org, kari["id"], 120, start=PINNED_NOW + timedelta(seconds=1))
    with dynamodb_calls.record() as calls:
        detail = api.get(f"/applicants/{kari['id']}").json
    # one Query for the applicant, their ratings, their interviews (none here) and their latest events
    assert calls.by_operation == {"Query": 1}
    assert calls.items_read <= 1 + RATINGS_READ_AHEAD + INTERVIEWS_READ_AHEAD + 50
    shown = [event["subject"] for event in detail["history"]]
    assert shown == [f"Note {number}" for number in range(70, 120)]  # the latest 50, oldest first
    # the older events, newest first, a page at a time
    older = []
    cursor = detail["history_next_cursor"]
    while cursor:
        page = api.get(f"/applicants/{kari['id']}/history?limit=40&cursor={cursor}").json
        older += page["items"]
        cursor = page["next_cursor"]
    assert [event.get("subject", event["event"]) for event in older] == [
        *(f"Note {number}" for number in range(69, -1, -1)),
        "received",
    ]


def test_a_history_cursor_is_bound_to_its_organisation_and_applicant(api):
    job = vacancy(api)
    kari, ola = applicant(api, job["id"]), applicant(api, job["id"], "Ola")
    append_events(api.org, kari["id"], 60)
    cursor = api.get(f"/applicants/{kari['id']}").json["history_next_cursor"]
    assert api.get(f"/applicants/{ola['id']}/history?cursor={cursor}").status == 422
    assert api.as_org("other").get(f"/applicants/{kari['id']}/history?cursor={cursor}").status == 422
    assert api.as_org("other").get(f"/applicants/{kari['id']}/history").status == 404


def test_a_short_history_is_shown_whole_without_a_cursor(api):
    job = vacancy(api)
    kari = applicant(api, job["id"])
    detail = api.get(f"/applicants/{kari['id']}").json
    assert [event["event"] for event in detail["history"]] == ["received"]
    assert detail["history_next_cursor"] is None
    assert api.get(f"/applicants/{kari['id']}/history").json == {"items": detail["history"], "next_cursor": None}


def test_the_same_answer_again_writes_nothing(api, invited, dynamodb_calls):
    assert answer(api, invited["token"], "accept").status == 200
    with dynamodb_calls.record() as calls:
        again = answer(api, invited["token"], "accept")
    assert again.status == 200
    assert "TransactWriteItems" not in calls.by_operation
    assert not [name for name in calls.names if "Write" in name or "Update" in name or "Put" in name]
    events = [event["event"] for event in api.get(f"/applicants/{invited['applicant']['id']}").json["history"]]
    assert events == ["received", "invited", "answered"]


def test_events_of_one_instant_keep_the_order_they_were_written_in(api):
    job = vacancy(api)
    kari = applicant(api, job["id"])
    for action in ("save", "delete", "restore", "delete", "restore"):
        result = api.post("/applicants/actions", {"action": action, "applicant_ids": [kari["id"]]}).json["results"]
        assert result[0]["ok"] is True, result
    events = [event["event"] for event in api.get(f"/applicants/{kari['id']}").json["history"]]
    assert events == ["received", "saved", "deleted", "restored", "deleted", "restored"]


def copies_of_the_interview(org: str, applicant_id: str, count: int) -> list[str]:
    """`count` more interviews like the applicant's one, written directly (their number is the subject here)."""
    from chalicelib.store import interviews

    (interview,) = interviews.for_applicant(org, applicant_id)
    ids = []
    for number in range(count):
        interview.interview_id = f"int_copy_{number:03d}"
        interview.answer_links = []
        interviews.set_derived_keys(interview)
        interview.save(add_version_condition=False)
        ids.append(interview.interview_id)
    return ids


def test_the_detail_reads_interviews_and_latest_events_in_one_query(api, invited, dynamodb_calls):
    kari = invited["applicant"]
    copies_of_the_interview(api.org, kari["id"], 4)
    append_events(api.org, kari["id"], 200)
    with dynamodb_calls.record() as calls:
        detail = api.get(f"/applicants/{kari['id']}").json
    assert calls.by_operation == {"Query": 1}
    assert len(detail["interviews"]) == 5 and len(detail["history"]) == 50


def test_an_applicant_with_more_interviews_than_one_query_holds_shows_every_one(api, invited, dynamodb_calls):
    # GIVEN more interviews than the detail's first Query makes room for, and a long history
    kari = invited["applicant"]
    (first,) = api.get(f"/applicants/{kari['id']}").json["interviews"]
    copies = copies_of_the_interview(api.org, kari["id"], INTERVIEWS_READ_AHEAD + RATINGS_READ_AHEAD + 5)
    append_events(api.org, kari["id"], 120)
    # WHEN the detail is read
    with dynamodb_calls.record() as calls:
        detail = api.get(f"/applicants/{kari['id']}").json
    # THEN a further Query goes on where the first stopped: every interview, in order of id, and the latest 50 events
    assert calls.by_operation == {"Query": 2}
    assert [interview["id"] for interview in detail["interviews"]] == sorted([first["id"], *copies])
    assert len(detail["history"]) == 50  # the 48 latest notes, then the applicant's arrival and invitation
    assert [event["subject"] for event in detail["history"][:2]] == ["Note 72", "Note 73"]
    assert [event["event"] for event in detail["history"][-2:]] == ["received", "invited"]
    assert detail["history_next_cursor"]
