"""What operators see: one JSON log line per request, no personal data anywhere, metrics, readiness, 404/405."""

from __future__ import annotations

import io
import json
import logging
from datetime import UTC, datetime

import boto3
import pytest
from botocore.exceptions import ClientError

from chalicelib import config, observability
from tests.functional.test_answers import answer
from tests.functional.test_invitations import invite_body, link_in, sent_mime
from tests.functional.test_reminders import RUN_DAY, run_schedule, sms_sent
from tests.support import applicant, vacancy


@pytest.fixture()
def log_lines():
    """Every line the `rendezvous` loggers write, formatted exactly as the function's handler formats them."""
    observability.setup()
    target = logging.getLogger(observability.LOGGER_NAME)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(target.powertools_handler.formatter)
    target.addHandler(handler)

    def read() -> list[str]:
        return stream.getvalue().splitlines()

    yield read
    target.removeHandler(handler)


def parsed(lines: list[str]) -> list[dict]:
    return [json.loads(line) for line in lines]


def request_lines(lines: list[str]) -> list[dict]:
    return [line for line in parsed(lines) if line["message"] == "request"]


def test_a_request_is_one_json_line_with_its_route_template_and_correlation_id(api, log_lines):
    job = vacancy(api, "Sykepleier")
    response = api.get(f"/vacancies/{job['id']}")
    (line,) = [line for line in request_lines(log_lines()) if line["method"] == "GET"]
    assert line["route"] == "/vacancies/{vacancy_id}"  # the template, never the raw path
    assert job["id"] not in json.dumps(line)
    assert line["status"] == 200
    assert line["org"] == "acme"
    assert line["user"]
    assert isinstance(line["latency_ms"], float)
    assert line["level"] == "INFO"
    assert line["correlation_id"] == response.headers["x-correlation-id"]


def test_a_clients_own_correlation_id_is_kept_when_it_is_sane(api, log_lines):
    kept = api.get("/vacancies", headers={"x-correlation-id": "front-end.7f3a-42"})
    assert kept.headers["x-correlation-id"] == "front-end.7f3a-42"
    for insane in ("a b c d e f g h", "x" * 200, "short", "<script>alert(1)</script>"):
        replaced = api.get("/vacancies", headers={"x-correlation-id": insane})
        assert replaced.headers["x-correlation-id"] != insane
    ids = [line["correlation_id"] for line in request_lines(log_lines())]
    assert ids[0] == "front-end.7f3a-42" and len(set(ids)) == 5


def test_an_unexpected_error_is_logged_with_its_stack_and_the_correlation_id_the_client_got(
    api, log_lines, monkeypatch
):
    from chalicelib.services import vacancies

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(vacancies, "page", broken)
    response = api.get("/vacancies")
    assert response.status == 500
    correlation_id = response.headers["x-correlation-id"]
    assert correlation_id in response.json["detail"]
    error, request = [line for line in parsed(log_lines()) if line["level"] == "ERROR"]
    assert error["message"] == "unhandled error" and error["route"] == "/vacancies"
    assert "RuntimeError: the disk is on fire" in error["exception"]
    assert "Traceback" in error["exception"] or error.get("exception_name") == "RuntimeError"
    assert error["correlation_id"] == request["correlation_id"] == correlation_id
    assert request["status"] == 500


def test_the_invite_to_purge_flow_logs_nothing_personal(client, api, log_lines, monkeypatch):
    """GIVEN Kari invited with an SMS reminder, WHEN she answers, is reminded (one SES refusal naming her
    address first), and is deleted and purged, THEN no log line holds her name, address, number or link."""
    from chalicelib.notify import email

    job = vacancy(api, "Sykepleier")
    kari = applicant(api, job["id"], "Kari", "Nordmann", language="nb", mobile="+4791234567")
    body = invite_body([kari["id"]], reminder={"channel": "email_sms", "days_before": 2})
    body["invitation"]["body"] = {"nb": "Hemmelig innkalling for {firstname}: {confirmlink}"}
    assert api.post("/interviews", body).status == 201
    (invitation,) = sent_mime()
    token = link_in(invitation.get_body(("plain",)).get_content())
    assert answer(api, token, "accept").status == 200

    real_send, refused = email.send, []

    def refused_once(message, retry=True, **kwargs):
        if not refused:
            refused.append(message.to)
            raise ClientError(
                {"Error": {"Code": "MessageRejected", "Message": f"Email address is not verified: {message.to}"}},
                "SendEmail",
            )
        return real_send(message, retry, **kwargs)

    monkeypatch.setattr(email, "send", refused_once)
    run_schedule(client, RUN_DAY)
    assert refused == ["kari@example.com"]
    assert [act["status"] for act in [api.get(f"/applicants/{kari['id']}").json]] == ["invited"]
    for action in ("delete", "purge"):
        response = api.post("/applicants/actions", {"action": action, "applicant_ids": [kari["id"]]})
        assert response.json["results"][0]["ok"], response

    text = "\n".join(log_lines())
    assert "reminder will be retried" in text  # the refusal was logged ...
    assert "<email>" in text  # ... with the address scrubbed
    for personal in ("Kari", "Nordmann", "kari@example.com", "91234567", token, "Hemmelig"):
        assert personal not in text
    assert len(request_lines(log_lines())) >= 5
    assert sms_sent() == []  # the reminder is retried later, not sent by this test


def test_scrub_removes_what_third_parties_write_about_people():
    text = (
        "Email address is not verified: Kari.Nordmann+jobs@example.co.uk; "
        "Invalid parameter: PhoneNumber Reason: +47 912 34 567 is not valid; "
        "GET /confirm/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_- failed; "
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl; at 2026-12-07 10:00"
    )
    scrubbed = observability.scrub(text)
    assert scrubbed == (
        "Email address is not verified: <email>; "
        "Invalid parameter: PhoneNumber Reason: <phone> is not valid; "
        "GET /confirm/<token> failed; "
        "Authorization: Bearer <token>; at 2026-12-07 10:00"
    )


def test_third_party_chatter_is_held_back():
    observability.setup()
    for name in ("fontTools", "botocore", "urllib3"):
        assert logging.getLogger(name).getEffectiveLevel() >= logging.WARNING


def test_metrics_are_emitted_as_embedded_metric_format_with_the_stage(api, capsys):
    job = vacancy(api, "Sykepleier")
    kari = applicant(api, job["id"], "Kari", "Nordmann", language="nb")
    capsys.readouterr()
    assert api.post("/interviews", invite_body([kari["id"]], attendees=[])).status == 201
    emitted = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    metrics = {
        definition["Name"]: document
        for document in emitted
        for directive in document["_aws"]["CloudWatchMetrics"]
        for definition in directive["Metrics"]
    }
    assert metrics["InvitationsSent"]["InvitationsSent"] == [1.0]
    assert metrics["InvitationsSent"]["stage"] == "local"
    assert metrics["EmailsSent"]["purpose"] == "invitation"
    assert all(document["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "Rendezvous" for document in emitted)


def test_the_queue_handler_answers_which_messages_failed_instead_of_raising(client, api, monkeypatch):
    from chalicelib.notify import email

    job = vacancy(api, "Sykepleier")
    kari = applicant(api, job["id"], "Kari", "Nordmann", language="nb")
    api.post("/interviews", invite_body([kari["id"]], reminder={"channel": "email", "days_before": 2}))

    def unavailable(message, retry=True, **kwargs):
        raise ClientError({"Error": {"Code": "InternalFailure", "Message": "try again"}}, "SendEmail")

    # SES fails the send, and the invocation has no time to wait for another try: the queue retries it
    monkeypatch.setattr(email, "send", unavailable)
    client.lambda_.invoke("enqueue_reminders", schedule_event(RUN_DAY))
    sqs = boto3.client("sqs", region_name=config.region())
    url = sqs.get_queue_url(QueueName=config.reminder_queue_name())["QueueUrl"]
    (message,) = sqs.receive_message(QueueUrl=url, AttributeNames=["All"])["Messages"]
    event = client.events.generate_sqs_event(message_bodies=[message["Body"]], queue_name=config.reminder_queue_name())
    result = client.lambda_.invoke("deliver_reminders", event)
    (record,) = event["Records"]
    assert result.payload == {"batchItemFailures": [{"itemIdentifier": record["messageId"]}]}


def schedule_event(at: datetime) -> dict:
    return {
        "version": "0",
        "id": "7bf73129-1428-4cd3-a780-95db273d1602",
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": config.region(),
        "resources": [],
        "detail": {},
    }


def test_readiness_answers_when_dynamodb_does_and_says_which_build(client):
    from chalicelib.version import current

    response = client.http.get("/health/ready")
    assert response.status_code == 200
    assert json.loads(response.body) == {"status": "ready", "version": current()["version"]}
    assert current()["version"].startswith("1.")


def test_readiness_is_a_503_problem_when_dynamodb_does_not_answer(client):
    from chalicelib.store.models import Vacancy

    boto3.client("dynamodb", region_name=config.region()).delete_table(TableName=Vacancy.Meta.table_name)
    response = client.http.get("/health/ready")
    assert response.status_code == 503
    assert response.headers["Content-Type"] == "application/problem+json"
    assert client.http.get("/health").status_code == 200  # liveness does not depend on it


def test_an_unknown_path_is_a_404_problem(client):
    for headers in ({}, {"authorization": "Bearer x"}):
        response = client.http.get("/no/such/route", headers=headers)
        assert response.status_code == 404
        assert response.headers["Content-Type"] == "application/problem+json"
        assert json.loads(response.body)["title"] == "Not found"


def test_an_unknown_method_on_a_known_path_is_a_405_problem_naming_what_is_allowed(api):
    response = api.request("PUT", "/vacancies", {"title": "x"})
    assert response.status == 405
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["allow"] == "GET, POST"
    assert api.delete("/interviews/preview").headers["allow"] == "POST"
