"""An interview's move from its old table into its applicant's collection, as data (scripts/migrate_interviews.py)."""

from __future__ import annotations

from scripts.migrate_interviews import converted, moved_in_snapshot


def old_interview(interview_id: str, applicant_id: str, members: list[str] | None = None) -> dict:
    item = {
        "org": {"S": "acme"},
        "interview_id": {"S": interview_id},
        "applicant_id": {"S": applicant_id},
        "applicant_key": {"S": f"acme#{applicant_id}"},
        "calendar_key": {"S": f"2026-12-07#2026-12-07T09:00:00Z#{interview_id}"},
        "attendees": {"S": '[{"name": "Per", "email": "Per@Acme.example"}]'},
        "version": {"N": "3"},
    }
    if members:
        item["group_members"] = {"L": [{"S": member} for member in members]}
    return item


def test_an_old_interview_becomes_an_item_of_its_applicants_collection_keeping_every_attribute():
    old = old_interview("int_1", "app_kari")
    item = converted(old, ["app_kari", "app_john"])
    assert item["applicant_key"] == {"S": "acme#app_kari"}
    assert item["item_key"] == {"S": "interview#int_1"}
    assert item["item_type"] == {"S": "interview"}
    assert item["org_interview"] == {"S": "acme#int_1"}
    assert item["group_applicants"] == {"L": [{"S": "app_kari"}, {"S": "app_john"}]}
    assert {name: item[name] for name in old} == old


def test_a_local_snapshot_moves_the_interviews_of_applicants_it_holds_and_marks_their_attendance():
    tables = {
        "p-applicant-items": [{"applicant_key": {"S": "acme#app_kari"}, "item_key": {"S": "~applicant"}}],
        "p-interviews": [
            old_interview("int_1", "app_kari", ["int_1", "int_2"]),
            old_interview("int_2", "app_gone", ["int_1", "int_2"]),  # purged: their collection is gone
        ],
        "p-interview-attendance": [{"attendee_key": {"S": "acme#per@acme.example"}, "interview_id": {"S": "int_1"}}],
    }
    moved_in_snapshot(tables, "p")
    assert "p-interviews" not in tables
    keys = [(item["applicant_key"]["S"], item["item_key"]["S"]) for item in tables["p-applicant-items"]]
    assert keys == [("acme#app_kari", "~applicant"), ("acme#app_kari", "interview#int_1")]
    assert tables["p-applicant-items"][1]["group_applicants"] == {"L": [{"S": "app_kari"}, {"S": "app_gone"}]}
    assert tables["p-interview-attendance"][0]["applicant_id"] == {"S": "app_kari"}


def test_a_reminder_message_enqueued_before_the_move_addresses_the_interview_in_its_collection():
    """Queue messages carry the interview as read; one from before the move has no collection keys."""
    import json

    from chalicelib.store.reminders import from_snapshot

    old = old_interview("int_1", "app_kari")
    interview = from_snapshot(json.dumps(old))
    assert (interview.applicant_key, interview.item_key) == ("acme#app_kari", "interview#int_1")
    assert interview.version == 3
