"""scripts/migrate_interviews.py: a deployed stack's interviews move from their old table into the
applicant's item collection, and everything reads them as before."""

from __future__ import annotations

import json

import boto3
import pytest

from chalicelib import config
from scripts import migrate_interviews
from scripts.migrate_interviews import Migration
from tests.functional.test_invitations import invite_body
from tests.support import applicant, vacancy

NEW_ONLY = ("item_key", "item_type", "org_interview", "group_applicants")


def dynamodb():
    return boto3.client("dynamodb", region_name=config.region())


def table(name: str) -> str:
    return f"{config.table_prefix()}-{name}"


def scan(name: str) -> list[dict]:
    return [item for page in dynamodb().get_paginator("scan").paginate(TableName=table(name)) for item in page["Items"]]


def interview_items() -> list[dict]:
    return sorted(
        (item for item in scan("applicant-items") if item["item_type"]["S"] == "interview"),
        key=lambda item: item["item_key"]["S"],
    )


def back_to_the_old_table() -> None:
    """The stack as it was before issue 11: the interviews in their own table (keyed by organisation
    and id, `applicant_key` an index key) and attendance items without the applicant."""
    client = dynamodb()
    client.create_table(
        TableName=table("interviews"),
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": "org", "AttributeType": "S"},
            {"AttributeName": "interview_id", "AttributeType": "S"},
        ],
        KeySchema=[
            {"AttributeName": "org", "KeyType": "HASH"},
            {"AttributeName": "interview_id", "KeyType": "RANGE"},
        ],
    )
    for item in interview_items():
        old = {name: value for name, value in item.items() if name not in NEW_ONLY}
        client.put_item(TableName=table("interviews"), Item=old)
        client.delete_item(TableName=table("applicant-items"), Key={k: item[k] for k in ("applicant_key", "item_key")})
    for item in scan("interview-attendance"):
        client.update_item(
            TableName=table("interview-attendance"),
            Key={k: item[k] for k in ("attendee_key", "interview_id")},
            UpdateExpression="REMOVE applicant_id",
        )


@pytest.fixture()
def group(api):
    job = vacancy(api)
    kari = applicant(api, job["id"], "Kari", "Nordmann", language="nb")
    john = applicant(api, job["id"], "John", "Smith")
    created = api.post("/interviews", invite_body([kari["id"], john["id"]], type="group")).json["interviews"]
    return {"kari": kari, "john": john, "interviews": created}


def test_the_migration_restores_every_interview_exactly_as_the_new_code_writes_it(api, group, tmp_path):
    # GIVEN a group interview as the new code stores it, then moved back into the old layout
    kari = group["kari"]["id"]
    before = {"items": interview_items(), "attendance": scan("interview-attendance")}
    detail = api.get(f"/applicants/{kari}").json
    assert len(detail["interviews"]) == 1 and before["attendance"]
    back_to_the_old_table()
    assert api.get(f"/applicants/{kari}").json["interviews"] == []
    # WHEN the migration runs
    progress = tmp_path / "progress.json"
    counts = Migration(dynamodb(), config.table_prefix()).run(progress)
    # THEN every item is back as it was, the attendance items know their applicant again,
    assert counts == {"read": 2, "copied": 2, "current": 0, "no_applicant": 0, "missing": 0}
    assert interview_items() == before["items"]
    assert scan("interview-attendance") == before["attendance"]
    assert json.loads(progress.read_text()) == {"position": None, "done": True}
    # and the API reads them as before
    assert api.get(f"/applicants/{kari}").json["interviews"] == detail["interviews"]
    interview = group["interviews"][0]
    assert api.get(f"/interviews/{interview['id']}").json["applicant_id"] == interview["applicant_id"]
    assert Migration(dynamodb(), config.table_prefix()).run(tmp_path / "progress.json")["read"] == 0


def test_running_it_again_changes_nothing_and_never_undoes_a_newer_write(api, group, tmp_path):
    back_to_the_old_table()
    Migration(dynamodb(), config.table_prefix()).run()
    interview = group["interviews"][0]
    moved = api.patch(f"/interviews/{interview['id']}", {"location": "Storgata 2, Bergen"})
    assert moved.status == 200, moved
    after = interview_items()
    counts = Migration(dynamodb(), config.table_prefix()).run()
    assert counts == {"read": 2, "copied": 0, "current": 2, "no_applicant": 0, "missing": 0}
    assert interview_items() == after
    assert api.get(f"/interviews/{interview['id']}").json["location"] == "Storgata 2, Bergen"
    verified = Migration(dynamodb(), config.table_prefix()).run(verify=True)
    assert verified["missing"] == 0


def test_an_interview_of_a_purged_applicant_is_not_written_back(api, group):
    back_to_the_old_table()
    john = group["john"]["id"]
    api.post("/applicants/actions", {"action": "delete", "applicant_ids": [john]})
    assert api.post("/applicants/actions", {"action": "purge", "applicant_ids": [john]}).status == 200
    counts = Migration(dynamodb(), config.table_prefix()).run()
    assert counts["no_applicant"] == 1 and counts["copied"] == 1
    assert [item["applicant_key"]["S"] for item in interview_items()] == [f"{api.org}#{group['kari']['id']}"]


def test_a_run_that_stopped_goes_on_from_where_it_was(api, group, tmp_path, monkeypatch):
    back_to_the_old_table()
    monkeypatch.setattr(migrate_interviews, "PAGE_SIZE", 1)
    client = dynamodb()
    calls = {"puts": 0}

    class Stops:
        """The real client, failing on the second copy (a lost connection, a killed process)."""

        exceptions = client.exceptions

        def __getattr__(self, name):
            return getattr(client, name)

        def transact_write_items(self, **kwargs):
            calls["puts"] += 1
            if calls["puts"] == 2:
                raise ConnectionError("gone")
            return client.transact_write_items(**kwargs)

    progress = tmp_path / "progress.json"
    with pytest.raises(ConnectionError):
        Migration(Stops(), config.table_prefix()).run(progress)
    assert len(interview_items()) == 1
    counts = Migration(client, config.table_prefix()).run(progress)
    assert counts["copied"] == 1 and counts["current"] == 0  # the first one is not read again
    assert len(interview_items()) == 2
