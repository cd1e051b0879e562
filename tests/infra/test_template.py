"""The SAM template `make package` produces: valid, and in step with the code it deploys."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from chalicelib import config
from chalicelib.store.models import ALL_MODELS
from tests.infra.conftest import ROOT, Package, stage_environment


def resolve(value: Any, parameters: dict[str, str]) -> Any:
    """A name written as a plain string or `Fn::Sub` over parameters only."""
    if isinstance(value, dict) and set(value) == {"Fn::Sub"} and isinstance(value["Fn::Sub"], str):
        value = value["Fn::Sub"]
        for name, parameter in parameters.items():
            value = value.replace("${" + name + "}", parameter)
    return value


def parameters(package: Package) -> dict[str, str]:
    return {name: str(p.get("Default", "")) for name, p in package.template["Parameters"].items()}


def keys(key_schema: list[dict[str, str]]) -> dict[str, str]:
    return {key["KeyType"]: key["AttributeName"] for key in key_schema}


def tables_by_name(package: Package) -> dict[str, dict[str, Any]]:
    params = parameters(package)
    return {
        resolve(table["Properties"]["TableName"], params): table["Properties"]
        for table in package.of_type("AWS::DynamoDB::Table").values()
    }


def functions(package: Package) -> dict[str, dict[str, Any]]:
    return package.of_type("AWS::Serverless::Function")


def test_the_template_passes_cfn_lint(package: Package, tmp_path: Path):
    """As packaged, and pinned to every stage (its mappings and conditions must hold in each)."""
    paths = []
    for stage in ("dev", "prod"):
        template = json.loads(json.dumps(package.template))
        template["Parameters"]["Stage"].update(Default=stage, AllowedValues=[stage])
        paths.append(tmp_path / f"sam-{stage}.json")
        paths[-1].write_text(json.dumps(template, indent=2))
    cfn_lint = Path(sys.executable).parent / "cfn-lint"
    result = subprocess.run([str(cfn_lint), *map(str, paths)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_stage_parameter_is_pinned_to_the_packaged_stage(package: Package):
    stage = package.template["Parameters"]["Stage"]
    assert stage["Default"] == package.stage
    assert stage["AllowedValues"] == [package.stage]


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda model: model.__name__)
def test_every_model_has_its_table_and_indexes(package: Package, model):
    prefix = stage_environment(package.stage)["RENDEZVOUS_TABLE_PREFIX"]
    name = prefix + model.Meta.table_name.removeprefix(config.table_prefix())
    tables = tables_by_name(package)
    assert name in tables, f"{name} is not in the template (tables: {sorted(tables)})"
    table = tables[name]
    schema = model._get_schema()

    assert keys(table["KeySchema"]) == keys(schema["key_schema"])
    assert {(a["AttributeName"], a["AttributeType"]) for a in table["AttributeDefinitions"]} == {
        (a["AttributeName"], a["AttributeType"]) for a in schema["attribute_definitions"]
    }
    expected_indexes = {
        index["index_name"]: (keys(index["key_schema"]), index["projection"]["ProjectionType"])
        for index in schema["global_secondary_indexes"]
    }
    actual_indexes = {
        index["IndexName"]: (keys(index["KeySchema"]), index["Projection"]["ProjectionType"])
        for index in table.get("GlobalSecondaryIndexes", [])
    }
    assert actual_indexes == expected_indexes
    assert not schema["local_secondary_indexes"]
    assert not table.get("LocalSecondaryIndexes")


def test_every_table_is_on_demand_with_backups_and_expiry(package: Package):
    for name, table in tables_by_name(package).items():
        assert table["BillingMode"] == "PAY_PER_REQUEST", name
        assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}, name
        assert table["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}, name


# Tables no model uses any more, kept only until their data is migrated (docs/operations.md).
RETIRED_TABLES = {"interviews"}  # scripts/migrate_interviews.py copies it into applicant-items


def test_the_template_defines_no_table_the_models_do_not_use(package: Package):
    prefix = stage_environment(package.stage)["RENDEZVOUS_TABLE_PREFIX"]
    expected = {prefix + model.Meta.table_name.removeprefix(config.table_prefix()) for model in ALL_MODELS}
    assert set(tables_by_name(package)) == expected | {f"{prefix}-{name}" for name in RETIRED_TABLES}


def test_a_retired_table_outlives_its_removal_from_the_template(package: Package):
    """Removing it later must not delete data: CloudFormation retains it, and an operator deletes it."""
    prefix = stage_environment(package.stage)["RENDEZVOUS_TABLE_PREFIX"]
    params = parameters(package)
    tables = package.of_type("AWS::DynamoDB::Table").values()
    for name in RETIRED_TABLES:
        (resource,) = [t for t in tables if resolve(t["Properties"]["TableName"], params) == f"{prefix}-{name}"]
        assert resource["DeletionPolicy"] == "Retain"
        assert resource["UpdateReplacePolicy"] == "Retain"


def test_reminders_are_enqueued_daily_at_0800_utc(package: Package):
    events = functions(package)["EnqueueReminders"]["Properties"]["Events"]
    assert [event["Properties"]["Schedule"] for event in events.values()] == ["cron(0 8 * * ? *)"]


def test_the_retention_run_goes_daily_at_0900_utc_after_the_reminders(package: Package):
    function = functions(package)["RunRetention"]["Properties"]
    assert [event["Properties"]["Schedule"] for event in function["Events"].values()] == ["cron(0 9 * * ? *)"]
    # it erases documents' files and emails renewal questions: the bucket and the sender role
    variables = function["Environment"]["Variables"]
    assert variables["DOCUMENTS_BUCKET"] == {"Ref": "DocumentsBucket"}
    assert variables["SES_SENDER_ROLE_ARN"] == {"Fn::GetAtt": ["EmailSenderRole", "Arn"]}
    # it stops with 20 s left (services/retention.py MARGIN_MS): the timeout leaves it room to work
    assert function["Timeout"] >= 120


def test_the_reminder_queue_sets_failed_deliveries_aside(package: Package):
    queue = package.resources["RemindersQueue"]["Properties"]
    assert resolve(queue["QueueName"], parameters(package)) == stage_environment(package.stage)["REMINDER_QUEUE_NAME"]
    assert queue["RedrivePolicy"]["deadLetterTargetArn"] == {"Fn::GetAtt": ["RemindersDeadLetterQueue", "Arn"]}
    assert 1 < queue["RedrivePolicy"]["maxReceiveCount"] <= 10
    timeout = functions(package)["DeliverReminders"]["Properties"]["Timeout"]
    assert queue["VisibilityTimeout"] > timeout


def test_the_queue_handler_reads_the_queue_the_template_creates(package: Package):
    """SAM copies `Queue` into the event source mapping: a reference there makes it wait for the queue."""
    events = functions(package)["DeliverReminders"]["Properties"]["Events"]
    (source,) = events.values()
    assert source["Type"] == "SQS"
    assert source["Properties"]["Queue"] in (
        {"Fn::GetAtt": ["RemindersQueue", "Arn"]},
        {"Fn::Sub": "${RemindersQueue.Arn}"},
    )


def test_the_queue_handler_reports_partial_batch_failures(package: Package):
    (source,) = functions(package)["DeliverReminders"]["Properties"]["Events"].values()
    assert source["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


def test_reminder_workers_are_as_many_as_they_are_told_to_share_the_send_rates_between(package: Package):
    """The event source's maximum concurrency and the workers' REMINDER_MAX_CONCURRENCY are one parameter."""
    function = functions(package)["DeliverReminders"]["Properties"]
    (source,) = function["Events"].values()
    assert source["Properties"]["ScalingConfig"] == {"MaximumConcurrency": {"Ref": "ReminderMaxConcurrency"}}
    variables = function["Environment"]["Variables"]
    assert variables["REMINDER_MAX_CONCURRENCY"] == {"Ref": "ReminderMaxConcurrency"}
    assert variables["SES_MAX_SEND_RATE"] == {"Ref": "SesMaxSendRate"}
    assert variables["SMS_MAX_SEND_RATE"] == {"Ref": "SmsMaxSendRate"}
    settings = package.template["Parameters"]
    assert (settings["SesMaxSendRate"]["Default"], settings["SmsMaxSendRate"]["Default"]) == (14, 20)
    assert settings["ReminderMaxConcurrency"]["MinValue"] == 2  # SQS's floor for maximum concurrency


def test_api_gateway_answers_unknown_paths_and_its_own_errors_as_problem_json(package: Package):
    responses = {
        response["Properties"]["ResponseType"]: response["Properties"]
        for response in package.of_type("AWS::ApiGateway::GatewayResponse").values()
    }
    assert {"MISSING_AUTHENTICATION_TOKEN", "DEFAULT_4XX", "DEFAULT_5XX", "THROTTLED"} <= set(responses)
    assert responses["MISSING_AUTHENTICATION_TOKEN"]["StatusCode"] == "404"
    assert responses["THROTTLED"]["StatusCode"] == "429"
    for response_type, response in responses.items():
        assert response["RestApiId"] == {"Ref": "RestAPI"}, response_type
        headers = response["ResponseParameters"]
        assert headers["gatewayresponse.header.Content-Type"] == "'application/problem+json'", response_type
        assert headers["gatewayresponse.header.X-Correlation-Id"] == "context.requestId", response_type
        template = response["ResponseTemplates"]["application/json"]
        if "$context" not in template:
            assert json.loads(template)["title"], response_type


def test_every_route_path_answers_the_methods_it_lacks_through_the_function(package: Package):
    """API Gateway would answer a missing method with 403; the function answers 405 with Allow."""
    paths = package.resources["RestAPI"]["Properties"]["DefinitionBody"]["paths"]
    for path, methods in paths.items():
        assert {"get", "post", "put", "patch", "delete"} <= set(methods), path


def test_alarms_watch_reminder_failures_and_the_queue_s_age(package: Package):
    alarms = {
        alarm["Properties"]["MetricName"]: alarm["Properties"]
        for alarm in package.of_type("AWS::CloudWatch::Alarm").values()
    }
    for metric in ("RemindersFailed", "ReminderDeliveryErrors"):
        assert alarms[metric]["Namespace"] == "Rendezvous"
        assert alarms[metric]["Dimensions"] == [{"Name": "stage", "Value": {"Ref": "Stage"}}]
        assert alarms[metric]["Threshold"] == 0
    age = alarms["ApproximateAgeOfOldestMessage"]
    assert age["Dimensions"] == [{"Name": "QueueName", "Value": {"Fn::GetAtt": ["RemindersQueue", "QueueName"]}}]
    assert age["Threshold"] <= 3600


def test_every_function_logs_at_the_level_its_stage_sets(package: Package):
    for name, function in functions(package).items():
        assert function["Properties"]["Environment"]["Variables"]["LOG_LEVEL"] == "INFO", name


def test_every_function_trusts_the_template_s_user_pool(package: Package):
    for name, function in functions(package).items():
        variables = function["Properties"]["Environment"]["Variables"]
        assert variables["RENDEZVOUS_AUTH"] == "cognito", name
        assert variables["COGNITO_USER_POOL_ID"] == {"Ref": "UserPool"}, name
        assert variables["COGNITO_CLIENT_ID"] == {"Ref": "UserPoolClient"}, name
        assert "RENDEZVOUS_DEV_ROUTES" not in variables, name


def test_every_recruiter_route_is_behind_the_cognito_authorizer_of_the_stack_s_pool(package: Package):
    """API Gateway verifies the ID token before the function runs (chalicelib/api/auth.py); the answer
    link's pages, the health checks and the API's description stay open."""
    from app import api
    from chalicelib.api.auth import AUTHORIZER_NAME

    definition = package.template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    authorizer = definition["securityDefinitions"][AUTHORIZER_NAME]
    assert authorizer["x-amazon-apigateway-authtype"] == "cognito_user_pools"
    assert authorizer["x-amazon-apigateway-authorizer"] == {
        "type": "cognito_user_pools",
        "providerARNs": [{"Fn::GetAtt": ["UserPool", "Arn"]}],
    }
    assert authorizer["name"] == "Authorization" and authorizer["in"] == "header"
    seen = 0
    for operation in api.operations:
        if operation.path.startswith("/dev"):
            continue
        method = definition["paths"][operation.path][operation.method.lower()]
        expected = [] if operation.public else [{AUTHORIZER_NAME: []}]
        assert method.get("security", []) == expected, (operation.method, operation.path)
        seen += not operation.public
    assert seen > 25  # every recruiter route, not a few
    for path, methods in definition["paths"].items():  # the preflights API Gateway answers need no token
        assert "security" not in methods.get("options", {}), path


def test_the_user_pool_carries_org_and_sms_which_users_cannot_change(package: Package):
    pool = package.resources["UserPool"]["Properties"]
    assert {"org", "sms"} <= {attribute["Name"] for attribute in pool["Schema"]}
    client = package.resources["UserPoolClient"]["Properties"]
    assert client["UserPoolId"] == {"Ref": "UserPool"}
    assert {"custom:org", "custom:sms"} <= set(client["ReadAttributes"])
    assert not {"custom:org", "custom:sms"} & set(client["WriteAttributes"])


def test_the_ses_configuration_set_is_the_one_the_functions_name(package: Package):
    (configuration_set,) = package.of_type("AWS::SES::ConfigurationSet").values()
    name = resolve(configuration_set["Properties"]["Name"], parameters(package))
    assert name == stage_environment(package.stage)["SES_CONFIGURATION_SET"]


def test_alarms_watch_the_dead_letter_queue_and_every_function(package: Package):
    alarms = [alarm["Properties"] for alarm in package.of_type("AWS::CloudWatch::Alarm").values()]
    dead_letters = [
        alarm
        for alarm in alarms
        if alarm["MetricName"] == "ApproximateNumberOfMessagesVisible"
        and alarm["Dimensions"]
        == [{"Name": "QueueName", "Value": {"Fn::GetAtt": ["RemindersDeadLetterQueue", "QueueName"]}}]
    ]
    assert len(dead_letters) == 1
    assert dead_letters[0]["ComparisonOperator"] == "GreaterThanThreshold"
    assert dead_letters[0]["Threshold"] == 0
    watched = {
        alarm["Dimensions"][0]["Value"]["Ref"]
        for alarm in alarms
        if alarm["Namespace"] == "AWS/Lambda" and alarm["MetricName"] == "Errors"
    }
    assert watched == set(functions(package))


def test_a_deployed_stage_has_no_dev_routes(package: Package):
    paths = package.resources["RestAPI"]["Properties"]["DefinitionBody"]["paths"]
    assert "/vacancies" in paths
    assert not [path for path in paths if path.startswith("/dev")]


def test_the_functions_use_the_stage_s_hand_written_policy(package: Package):
    policy = json.loads((ROOT / ".chalice" / f"policy-{package.stage}.json").read_text())
    delivery = json.loads((ROOT / ".chalice" / f"policy-delivery-{package.stage}.json").read_text())
    roles = {name: function["Properties"]["Role"]["Fn::GetAtt"][0] for name, function in functions(package).items()}
    assert set(roles.values()) == {
        "ApiHandlerRole",
        "EnqueueRemindersRole",
        "DeliverRemindersRole",
        "EmailEventsRole",
        "SmsReceiptsRole",
        "RunRetentionRole",
    }
    for function, name in roles.items():
        (document,) = [p["PolicyDocument"] for p in package.resources[name]["Properties"]["Policies"]]
        # the delivery functions only record what became of messages: a policy of their own, far smaller
        assert document == (delivery if function in ("EmailEvents", "SmsReceipts") else policy), function
    # the other roles: the email sender's and the one SNS writes SMS delivery logs with (tests below)
    assert set(package.of_type("AWS::IAM::Role")) == {*roles.values(), "EmailSenderRole", "SmsDeliveryStatusRole"}


# Documents ---------------------------------------------------------------------------------


def documents_bucket(package: Package) -> dict[str, Any]:
    (bucket,) = package.of_type("AWS::S3::Bucket").values()
    return bucket["Properties"]


def test_the_documents_bucket_is_private_and_encrypted(package: Package):
    bucket = documents_bucket(package)
    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    (rule,) = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms")
    assert bucket["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    (policy,) = package.of_type("AWS::S3::BucketPolicy").values()
    (deny,) = policy["Properties"]["PolicyDocument"]["Statement"]
    assert deny["Effect"] == "Deny"
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_the_documents_bucket_aborts_stale_uploads_and_takes_the_front_end_s_post(package: Package):
    bucket = documents_bucket(package)
    rules = bucket["LifecycleConfiguration"]["Rules"]
    assert any(rule.get("AbortIncompleteMultipartUpload") and rule["Status"] == "Enabled" for rule in rules)
    (cors,) = bucket["CorsConfiguration"]["CorsRules"]
    assert "POST" in cors["AllowedMethods"]
    assert cors["AllowedOrigins"] == [{"Ref": "FrontendOrigin"}]


def test_the_api_function_is_told_the_documents_bucket_by_name(package: Package):
    variables = functions(package)["APIHandler"]["Properties"]["Environment"]["Variables"]
    (name,) = [name for name, r in package.resources.items() if r["Type"] == "AWS::S3::Bucket"]
    assert variables["DOCUMENTS_BUCKET"] == {"Ref": name}


def test_the_documents_bucket_name_is_the_one_the_policy_grants(package: Package):
    name = documents_bucket(package)["BucketName"]["Fn::Sub"]
    assert name.startswith("rendezvous-${Stage}-documents-")
    policy = json.loads((ROOT / ".chalice" / f"policy-{package.stage}.json").read_text())
    granted = {
        resource
        for statement in policy["Statement"]
        for resource in ([statement["Resource"]] if isinstance(statement["Resource"], str) else statement["Resource"])
        if resource.startswith("arn:aws:s3:::")
    }
    assert granted == {
        f"arn:aws:s3:::rendezvous-{package.stage}-documents-*",
        f"arn:aws:s3:::rendezvous-{package.stage}-documents-*/*",
    }


def test_api_gateway_passes_pdf_letters_as_bytes(package: Package):
    definition = package.resources["RestAPI"]["Properties"]["DefinitionBody"]
    assert "application/pdf" in definition["x-amazon-apigateway-binary-media-types"]


def test_email_can_only_be_sent_from_identities_tagged_with_the_session_s_organisation(package: Package):
    """The sending functions assume the sender role tagged with their organisation; SES lets that
    session send only from identities an operator tagged with the same organisation."""
    role = package.resources["EmailSenderRole"]["Properties"]
    (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"]["AWS"] == [
        {"Fn::GetAtt": ["ApiHandlerRole", "Arn"]},
        {"Fn::GetAtt": ["DeliverRemindersRole", "Arn"]},
        {"Fn::GetAtt": ["RunRetentionRole", "Arn"]},  # the renewal questions
    ]
    assert set(trust["Action"]) == {"sts:AssumeRole", "sts:TagSession"}
    (policy,) = role["Policies"]
    statements = {statement["Sid"]: statement for statement in policy["PolicyDocument"]["Statement"]}
    assert statements["OwnIdentitiesOnly"]["Condition"] == {
        "StringEquals": {"aws:ResourceTag/rendezvous:org": "${aws:PrincipalTag/rendezvous:org}"}
    }
    assert statements["TheServiceAddress"]["Condition"] == {
        "StringEquals": {"ses:FromAddress": {"Ref": "ServiceSender"}}
    }
    assert "Condition" not in statements["ThisStageConfigurationSet"]
    assert statements["ThisStageConfigurationSet"]["Resource"]["Fn::Sub"].endswith(
        "configuration-set/rendezvous-${Stage}"
    )
    assert package.template["Parameters"]["ServiceSender"]["Default"] == stage_environment(package.stage)["MAIL_FROM"]
    for name in ("APIHandler", "DeliverReminders"):
        variables = functions(package)[name]["Properties"]["Environment"]["Variables"]
        assert variables["SES_SENDER_ROLE_ARN"] == {"Fn::GetAtt": ["EmailSenderRole", "Arn"]}, name


# Delivery ----------------------------------------------------------------------------------


def test_the_configuration_set_publishes_delivery_events_to_the_email_events_function(package: Package):
    (destination,) = package.of_type("AWS::SES::ConfigurationSetEventDestination").values()
    properties = destination["Properties"]
    assert properties["ConfigurationSetName"] == {"Ref": "EmailConfigurationSet"}
    event_destination = properties["EventDestination"]
    assert event_destination["Enabled"] is True
    assert set(event_destination["MatchingEventTypes"]) == {
        "send",
        "reject",
        "bounce",
        "complaint",
        "delivery",
        "deliveryDelay",
    }
    assert event_destination["SnsDestination"] == {"TopicARN": {"Ref": "EmailEventsTopic"}}
    events = package.resources["EmailEvents"]["Properties"]["Events"]
    assert [event["Properties"]["Topic"] for event in events.values()] == [{"Fn::Sub": "${EmailEventsTopic}"}]
    topic = package.resources["EmailEventsTopic"]["Properties"]
    name = resolve(topic["TopicName"], parameters(package))
    assert name == stage_environment(package.stage)["EMAIL_EVENTS_TOPIC"]


def test_only_this_stage_s_configuration_set_may_publish_to_the_topic(package: Package):
    (policy,) = package.of_type("AWS::SNS::TopicPolicy").values()
    (statement,) = policy["Properties"]["PolicyDocument"]["Statement"]
    assert statement["Principal"] == {"Service": "ses.amazonaws.com"}
    assert statement["Action"] == "sns:Publish"
    assert set(statement["Condition"]["StringEquals"]) == {"AWS:SourceAccount", "AWS:SourceArn"}


def test_the_delivery_functions_keep_what_they_could_not_record(package: Package):
    for name in ("EmailEvents", "SmsReceipts"):
        dead_letters = package.resources[name]["Properties"]["DeadLetterQueue"]
        assert dead_letters == {"Type": "SQS", "TargetArn": {"Fn::GetAtt": ["DeliveryEventsDeadLetterQueue", "Arn"]}}
    alarms = [alarm["Properties"] for alarm in package.of_type("AWS::CloudWatch::Alarm").values()]
    assert [
        alarm
        for alarm in alarms
        if alarm["Dimensions"]
        == [{"Name": "QueueName", "Value": {"Fn::GetAtt": ["DeliveryEventsDeadLetterQueue", "QueueName"]}}]
    ]


def test_sms_delivery_logs_reach_the_sms_receipts_function(package: Package):
    filters = package.of_type("AWS::Logs::SubscriptionFilter").values()
    assert {f["Properties"]["LogGroupName"]["Ref"] for f in filters} == {"SmsDeliveryLogGroup", "SmsFailureLogGroup"}
    assert {json.dumps(f["Properties"]["DestinationArn"]) for f in filters} == {
        json.dumps({"Fn::GetAtt": ["SmsReceipts", "Arn"]})
    }
    permission = package.resources["SmsReceiptsPermission"]["Properties"]
    assert permission["Principal"] == "logs.amazonaws.com"


def test_the_delivery_policy_reaches_only_what_recording_needs():
    def listed(value: str | list[str]) -> list[str]:
        return [value] if isinstance(value, str) else value

    for stage in ("dev", "prod"):
        policy = json.loads((ROOT / ".chalice" / f"policy-delivery-{stage}.json").read_text())
        actions = {action for statement in policy["Statement"] for action in listed(statement["Action"])}
        assert not [action for action in actions if "*" in action or action.startswith(("ses:", "sns:", "s3:"))]
        assert "dynamodb:DeleteItem" not in actions and "dynamodb:Scan" not in actions
        resources = [resource for statement in policy["Statement"] for resource in listed(statement["Resource"])]
        assert all(f"rendezvous-{stage}-" in resource for resource in resources)
