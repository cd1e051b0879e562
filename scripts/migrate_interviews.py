"""One-off: copy every interview of the retired `interviews` table into its applicant's item collection.

Until issue 11 an interview was an item of its own table (`org`, `interview_id`). Now it is an item
of `applicant-items` (`<org>#<applicant_id>`, `interview#<interview_id>`, `item_type` `interview`),
so that GET /applicants/{id} reads it in its one Query (docs/data-model.md). This script copies a
deployed stack's interviews across; docs/operations.md says when to run it and when the old table
can go.

    RENDEZVOUS_TABLE_PREFIX=rendezvous-prod AWS_REGION=eu-north-1 \\
        .venv/bin/python scripts/migrate_interviews.py --progress migrate-interviews.json
    ... --verify      # counts what is not (yet) copied, writes nothing

- Idempotent: an interview is put only where the collection has none, or an older version of it
  (`version` below the old item's), so running it again changes nothing, and a second pass after
  the new code is live copies only what the old code wrote meanwhile without undoing anything the
  new code changed.
- Resumable: after each page of the Scan the position is written to `--progress`; a run started
  again with the same file goes on from there, and does nothing once it says `done` (delete the
  file to go through everything again, as the second pass does).
- Safe for purged applicants: each put is a transaction with a check that the applicant is still
  there, so an interview whose applicant was purged is skipped, never written back.
- It also fills what the new shape adds: `group_applicants` on group interviews (each member's
  applicant, read from the old table) and `applicant_id` on the interview's attendance items.

It names no personal data in its output: counts and interview ids only.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OLD_TABLE = "interviews"
NEW_TABLE = "applicant-items"
ATTENDANCE_TABLE = "interview-attendance"
APPLICANT_ITEM = "~applicant"
INTERVIEW_PREFIX = "interview#"
PAGE_SIZE = 100


def converted(old: dict[str, Any], group_applicants: list[str] | None = None) -> dict[str, Any]:
    """The old table's item (DynamoDB JSON) as an item of the applicant's collection."""
    org, interview_id, applicant_id = old["org"]["S"], old["interview_id"]["S"], old["applicant_id"]["S"]
    item = {name: value for name, value in old.items() if name != "item_type"}
    item["applicant_key"] = {"S": f"{org}#{applicant_id}"}
    item["item_key"] = {"S": f"{INTERVIEW_PREFIX}{interview_id}"}
    item["item_type"] = {"S": "interview"}
    item["org_interview"] = {"S": f"{org}#{interview_id}"}
    if group_applicants:
        item["group_applicants"] = {"L": [{"S": applicant} for applicant in group_applicants]}
    return item


def attendee_emails(old: dict[str, Any]) -> list[str]:
    """As store.attendance derives them from the interview's `attendees` (a JSON list)."""
    raw = old.get("attendees", {}).get("S")
    attendees = json.loads(raw) if raw else []
    return list(dict.fromkeys(str(attendee["email"]).strip().lower() for attendee in attendees or []))


def moved_in_snapshot(tables: dict[str, list[dict[str, Any]]], prefix: str) -> None:
    """The same move on a local snapshot (scripts/local_state.py: `make run` keeps its data across the
    change): the old table's items become collection items, the attendance items learn their applicant."""
    old_items = tables.pop(f"{prefix}-{OLD_TABLE}", None)
    if not old_items:
        return
    applicant_of = {(item["org"]["S"], item["interview_id"]["S"]): item["applicant_id"]["S"] for item in old_items}
    collection = tables.setdefault(f"{prefix}-{NEW_TABLE}", [])
    applicants = {item["applicant_key"]["S"] for item in collection if item["item_key"]["S"] == APPLICANT_ITEM}
    for old in old_items:
        org = old["org"]["S"]
        members = [member["S"] for member in old.get("group_members", {}).get("L", [])]
        group = [applicant_of.get((org, member)) for member in members]
        item = converted(old, group if members and None not in group else None)
        if item["applicant_key"]["S"] in applicants:
            collection.append(item)
    for attendance in tables.get(f"{prefix}-{ATTENDANCE_TABLE}", []):
        org = attendance["attendee_key"]["S"].split("#", 1)[0]
        applicant_id = applicant_of.get((org, attendance["interview_id"]["S"]))
        if applicant_id and "applicant_id" not in attendance:
            attendance["applicant_id"] = {"S": applicant_id}


class Migration:
    def __init__(self, client: Any, prefix: str) -> None:
        self.client = client
        self.old = f"{prefix}-{OLD_TABLE}"
        self.new = f"{prefix}-{NEW_TABLE}"
        self.attendance = f"{prefix}-{ATTENDANCE_TABLE}"
        self.counts = {"read": 0, "copied": 0, "current": 0, "no_applicant": 0, "missing": 0}

    def _group_applicants(self, old: dict[str, Any]) -> list[str] | None:
        members = [member["S"] for member in old.get("group_members", {}).get("L", [])]
        if not members:
            return None
        org = old["org"]["S"]
        applicants = []
        for member in members:
            found = self.client.get_item(
                TableName=self.old,
                Key={"org": {"S": org}, "interview_id": {"S": member}},
                ProjectionExpression="applicant_id",
                ConsistentRead=True,
            ).get("Item")
            if found is None:
                return None  # a member purged meanwhile: the group is read through the index instead
            applicants.append(found["applicant_id"]["S"])
        return applicants

    def copy(self, old: dict[str, Any]) -> str:
        item = converted(old, self._group_applicants(old))
        version = old.get("version", {"N": "0"})
        try:
            self.client.transact_write_items(
                TransactItems=[
                    {
                        "ConditionCheck": {
                            "TableName": self.new,
                            "Key": {"applicant_key": item["applicant_key"], "item_key": {"S": APPLICANT_ITEM}},
                            "ConditionExpression": "attribute_exists(item_key)",
                        }
                    },
                    {
                        "Put": {
                            "TableName": self.new,
                            "Item": item,
                            "ConditionExpression": "attribute_not_exists(item_key) OR #version < :version",
                            "ExpressionAttributeNames": {"#version": "version"},
                            "ExpressionAttributeValues": {":version": version},
                        }
                    },
                ]
            )
        except self.client.exceptions.TransactionCanceledException as exc:
            reasons = [reason.get("Code") for reason in exc.response.get("CancellationReasons", [])]
            if reasons and reasons[0] == "ConditionalCheckFailed":
                return "no_applicant"
            if len(reasons) > 1 and reasons[1] == "ConditionalCheckFailed":
                return "current"
            raise
        self._mark_attendance(old)
        return "copied"

    def _mark_attendance(self, old: dict[str, Any]) -> None:
        org = old["org"]["S"]
        for email in attendee_emails(old):
            # cancelled or swept: no item to mark
            with contextlib.suppress(self.client.exceptions.ConditionalCheckFailedException):
                self.client.update_item(
                    TableName=self.attendance,
                    Key={"attendee_key": {"S": f"{org}#{email}"}, "interview_id": old["interview_id"]},
                    UpdateExpression="SET applicant_id = :applicant",
                    ConditionExpression="attribute_exists(attendee_key)",
                    ExpressionAttributeValues={":applicant": old["applicant_id"]},
                )

    def is_copied(self, old: dict[str, Any]) -> bool:
        item = converted(old)
        found = self.client.get_item(
            TableName=self.new,
            Key={"applicant_key": item["applicant_key"], "item_key": item["item_key"]},
            ProjectionExpression="version",
            ConsistentRead=True,
        ).get("Item")
        return found is not None and int(found.get("version", {"N": "0"})["N"]) >= int(
            old.get("version", {"N": "0"})["N"]
        )

    def run(self, progress: Path | None = None, verify: bool = False) -> dict[str, int]:
        kept = json.loads(progress.read_text()) if progress and progress.exists() else {}
        if kept.get("done") and not verify:
            return self.counts  # finished before: delete the file to go through everything again
        start = kept.get("position")
        while True:
            position = {"ExclusiveStartKey": start} if start else {}
            page = self.client.scan(TableName=self.old, Limit=PAGE_SIZE, ConsistentRead=True, **position)
            for old in page.get("Items", []):
                self.counts["read"] += 1
                if verify:
                    if not self.is_copied(old):
                        self.counts["missing"] += 1
                else:
                    self.counts[self.copy(old)] += 1
            start = page.get("LastEvaluatedKey")
            if progress and not verify:
                progress.write_text(json.dumps({"position": start, "done": not start}))
            if not start:
                return self.counts


def main(argv: list[str] | None = None) -> int:
    import boto3

    from chalicelib import config

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--progress", type=Path, help="where the position is kept between runs (resumes from it)")
    parser.add_argument("--verify", action="store_true", help="count interviews not copied yet; write nothing")
    args = parser.parse_args(argv)
    client = boto3.client("dynamodb", region_name=config.region())
    counts = Migration(client, config.table_prefix()).run(args.progress, args.verify)
    print(json.dumps(counts))
    return 1 if args.verify and counts["missing"] else 0


if __name__ == "__main__":
    sys.exit(main())
