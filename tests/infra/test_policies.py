"""The hand-written IAM policies (`autogen_policy: false`): what the code needs, on this stage only."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib import config
from chalicelib.store.models import ALL_MODELS
from tests.infra.conftest import ROOT, stage_environment

STAGES = ("dev", "prod")

DYNAMODB_ACTIONS = {
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:Query",
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",  # transactions are authorised per item: Put/Update/Delete/ConditionCheckItem
    "dynamodb:DescribeTable",
}
QUEUE_ACTIONS = {
    "sqs:SendMessage",
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sqs:ChangeMessageVisibility",
    "sqs:GetQueueAttributes",
}


def statements(stage: str) -> list[dict[str, Any]]:
    policy = json.loads((ROOT / ".chalice" / f"policy-{stage}.json").read_text())
    assert policy["Version"] == "2012-10-17"
    return [
        {
            **statement,
            "Action": set(_listed(statement["Action"])),
            "Resource": _listed(statement["Resource"]),
        }
        for statement in policy["Statement"]
    ]


def _listed(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def granting(stage: str, prefix: str) -> list[dict[str, Any]]:
    return [s for s in statements(stage) if any(action.startswith(prefix) for action in s["Action"])]


@pytest.mark.parametrize("stage", STAGES)
def test_the_policy_allows_only_and_never_wildcards_actions(stage):
    for statement in statements(stage):
        assert statement["Effect"] == "Allow"
        assert not [action for action in statement["Action"] if "*" in action], statement


def table_name(stage: str, model: Any) -> str:
    return stage_environment(stage)["RENDEZVOUS_TABLE_PREFIX"] + model.Meta.table_name.removeprefix(
        config.table_prefix()
    )


@pytest.mark.parametrize("stage", STAGES)
def test_dynamodb_is_granted_on_this_stage_s_tables_and_indexes_only(stage):
    """Every table but the operators' budgets, which the functions may only read."""
    from chalicelib.store.models import OrganisationLimit

    written, limits = granting(stage, "dynamodb:")
    assert written["Action"] == DYNAMODB_ACTIONS
    tables = {table_name(stage, model) for model in ALL_MODELS if model is not OrganisationLimit}
    expected = set()
    for table in tables:
        expected |= {f"arn:aws:dynamodb:*:*:table/{table}", f"arn:aws:dynamodb:*:*:table/{table}/index/*"}
    assert set(written["Resource"]) == expected
    assert limits["Action"] == {"dynamodb:GetItem", "dynamodb:DescribeTable"}
    assert limits["Resource"] == [f"arn:aws:dynamodb:*:*:table/{table_name(stage, OrganisationLimit)}"]


@pytest.mark.parametrize("stage", STAGES)
def test_the_reminder_queue_is_the_only_queue(stage):
    (statement,) = granting(stage, "sqs:")
    assert statement["Action"] >= QUEUE_ACTIONS
    assert statement["Resource"] == [f"arn:aws:sqs:*:*:{stage_environment(stage)['REMINDER_QUEUE_NAME']}"]


@pytest.mark.parametrize("stage", STAGES)
def test_the_functions_cannot_send_email_themselves_only_through_the_sender_role(stage):
    """SendEmail is the sender role's (infra/resources.yml), assumed with the organisation as session tag."""
    (identities,) = granting(stage, "ses:")
    assert identities["Action"] == {"ses:GetEmailIdentity"}  # checking a sender domain an admin adds
    (assume,) = granting(stage, "sts:")
    assert assume["Action"] == {"sts:AssumeRole", "sts:TagSession"}
    assert assume["Resource"] == [f"arn:aws:iam::*:role/rendezvous-{stage}-sender"]


@pytest.mark.parametrize("stage", STAGES)
def test_sms_publishing_is_the_only_grant_on_every_resource(stage):
    """SNS has no resource ARN for a phone number, so SMS needs Resource "*" (see the README)."""
    everywhere = [s for s in statements(stage) if "*" in s["Resource"]]
    assert [s["Action"] for s in everywhere] == [{"sns:Publish"}]


@pytest.mark.parametrize("stage", STAGES)
def test_logs_are_written_to_this_stage_s_functions_only(stage):
    (statement,) = granting(stage, "logs:")
    assert statement["Action"] == {"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}
    assert all(f":log-group:/aws/lambda/rendezvous-{stage}" in resource for resource in statement["Resource"])


@pytest.mark.parametrize("stage", STAGES)
def test_the_reminder_run_may_invoke_itself_and_nothing_else(stage):
    """A long run hands its cursor on to a new invocation of the same function."""
    (statement,) = granting(stage, "lambda:")
    assert statement["Action"] == {"lambda:InvokeFunction"}
    assert statement["Resource"] == [f"arn:aws:lambda:*:*:function:rendezvous-{stage}-enqueue_reminders"]


# Documents ---------------------------------------------------------------------------------

S3_OBJECT_ACTIONS = {"s3:PutObject", "s3:GetObject", "s3:DeleteObject"}


@pytest.mark.parametrize("stage", STAGES)
def test_s3_is_granted_on_this_stage_s_documents_bucket_in_our_own_account_only(stage):
    """Presigned POSTs need PutObject, downloads and HeadObject GetObject, purge ListBucket and DeleteObject."""
    grants = granting(stage, "s3:")
    assert {action for statement in grants for action in statement["Action"]} == S3_OBJECT_ACTIONS | {"s3:ListBucket"}
    bucket = f"arn:aws:s3:::rendezvous-{stage}-documents-*"
    for statement in grants:
        expected = [bucket] if statement["Action"] == {"s3:ListBucket"} else [f"{bucket}/*"]
        assert statement["Resource"] == expected, statement
        # S3 ARNs name no account: the condition keeps a look-alike bucket elsewhere out of reach.
        assert statement["Condition"] == {"StringEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}}
