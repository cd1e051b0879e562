"""Organisations: settings (admins), senders tied to the organisation, daily budgets, ids checked at the door."""

from __future__ import annotations

import email
import re
from datetime import UTC, datetime
from email import policy

import pytest

from chalicelib import config
from tests.support import applicant, vacancy

START = "2026-12-07T10:00"  # Monday; PINNED_NOW is Friday 2026-11-20


def sent_mail() -> list[email.message.EmailMessage]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    return [
        email.message_from_string(message.raw_data, policy=policy.default)
        for message in ses_backends[DEFAULT_ACCOUNT_ID][config.region()].sent_messages
    ]


def sms_sent() -> list:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends

    return list(sns_backends[DEFAULT_ACCOUNT_ID][config.region()].sms_messages.values())


def interview_body(applicant_ids: list[str], sender: str = "recruiter@acme.example", **overrides) -> dict:
    body = {
        "applicant_ids": applicant_ids,
        "type": "in_person",
        "start": START,
        "timezone": "Europe/Oslo",
        "duration_minutes": 45,
        "invitation": {"send_email": True, "from": sender, "subject": "Interview", "body": "Dear {firstname}"},
        "reminder": {"channel": "none"},
    }
    body.update(overrides)
    return body


def set_limits(org: str, daily_emails: int | None = None, daily_sms: int | None = None) -> None:
    """What an operator does (docs/organisations.md): a put to the organisation-limits table."""
    import boto3

    item = {"org": {"S": org}}
    if daily_emails is not None:
        item["daily_emails"] = {"N": str(daily_emails)}
    if daily_sms is not None:
        item["daily_sms"] = {"N": str(daily_sms)}
    table = f"{config.table_prefix()}-organisation-limits"
    boto3.client("dynamodb", region_name=config.region()).put_item(TableName=table, Item=item)


@pytest.fixture()
def admin(api):
    return api.as_org("acme", admin=True)


@pytest.fixture()
def people(api):
    job = vacancy(api, "Sykepleier")
    kari = applicant(api, job["id"], "Kari", "Nordmann", language="nb", mobile="+4791234567")
    john = applicant(api, job["id"], "John", "Smith", language="en")
    return {"job": job, "kari": kari, "john": john}


# Settings ----------------------------------------------------------------------------------


def test_only_admins_see_or_change_the_organisation(api, admin):
    assert api.get("/organisation").status == 403
    assert api.patch("/organisation", {"name": "Acme AS"}).status == 403
    response = admin.get("/organisation")
    assert response.status == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.json["sender_domains"] == ["acme.example"]
    assert response.json["limits"] == {"daily_emails": 2000, "daily_sms": 200}
    assert response.json["usage"] == {"day": "2026-11-20", "emails": 0, "sms": 0}


def test_an_admin_sets_the_organisation_s_name_address_and_defaults(admin):
    body = {
        "name": "Acme AS",
        "postal_address": "Storgata 1\n0155 Oslo",
        "reply_to": "jobs@acme.example",
        "default_language": "nb",
        "timezone": "Europe/Oslo",
        "sms_sender_id": "Acme",
    }
    response = admin.patch("/organisation", body)
    assert response.status == 200, response
    assert {key: response.json[key] for key in body} == body
    assert admin.get("/organisation").json["name"] == "Acme AS"
    assert admin.patch("/organisation", {"postal_address": None}).json["postal_address"] is None
    assert admin.get("/organisation").json["name"] == "Acme AS"  # only the fields given change


@pytest.mark.parametrize(
    ("domain", "why"),
    [
        ("unknown.example", "not an SES identity"),
        ("example.com", "not this organisation's"),  # verified in the account, but nobody's sender domain
        ("other.example", "not this organisation's"),  # another tenant's
        ("rendezvous.test", "the service's own domain"),
        ("not a domain", "not a domain name"),
    ],
)
def test_a_sender_domain_must_be_a_verified_identity_of_this_organisation(admin, domain, why):
    response = admin.patch("/organisation", {"sender_domains": ["acme.example", domain]})
    assert response.status == 422, response
    (error,) = response.json["errors"]
    assert error["field"] == "sender_domains.1"
    assert why in error["message"]
    assert admin.get("/organisation").json["sender_domains"] == ["acme.example"]


def test_reply_to_must_be_on_a_sender_domain(admin):
    response = admin.patch("/organisation", {"reply_to": "jobs@other.example"})
    assert response.status == 422
    assert [error["field"] for error in response.json["errors"]] == ["reply_to"]


def test_bad_settings_are_named(admin):
    response = admin.patch(
        "/organisation", {"timezone": "Mars/Base", "sms_sender_id": "12345", "default_language": "de"}
    )
    assert response.status == 422
    assert {error["field"] for error in response.json["errors"]} == {"default_language"}
    response = admin.patch("/organisation", {"timezone": "Mars/Base", "sms_sender_id": "12345"})
    assert {error["field"] for error in response.json["errors"]} == {"timezone", "sms_sender_id"}


# Senders: only the organisation's own domains -----------------------------------------------


def sending_requests(people: dict, sender: str) -> list[tuple[str, str, dict, str]]:
    """(method, path, body, field naming the sender) for every route that sends as a recruiter."""
    kari = people["kari"]["id"]
    return [
        ("POST", "/interviews", interview_body([kari], sender), "invitation.from"),
        ("POST", "/emails", {"applicant_ids": [kari], "from": sender, "subject": "Hi", "body": "Hi"}, "from"),
        (
            "POST",
            "/rating-panels",
            {"applicant_ids": [kari], "reviewers": [{"name": "Anna", "email": "anna@x.example"}], "from": sender},
            "from",
        ),
        (
            "POST",
            f"/applicants/{kari}/forward",
            {"to": "lead@x.example", "from": sender, "subject": "Candidate", "body": "See {fullname}"},
            "from",
        ),
        (
            "POST",
            "/applicants/actions",
            {"action": "send_offer", "applicant_ids": [kari], "email": {"from": sender}},
            "email.from",
        ),
        (
            "POST",
            "/applicants/actions",
            {"action": "save", "applicant_ids": [kari], "send_access": True, "from": sender},
            "from",
        ),
        ("POST", f"/applicants/{kari}/access", {"from": sender}, "from"),
    ]


@pytest.mark.parametrize("sender", ["ceo@other.example", "security@example.com", "no-reply@rendezvous.test"])
def test_no_route_sends_from_another_tenant_s_or_the_service_s_domain(api, people, sender):
    for method, path, body, field in sending_requests(people, sender):
        response = api.request(method, path, body)
        assert response.status == 422, (path, response)
        assert [error["field"] for error in response.json["errors"]] == [field], path
    assert sent_mail() == []
    # nothing stored or moved either
    assert api.get(f"/applicants/{people['kari']['id']}").json["status"] == "received"
    assert api.get("/rating-panels").json["items"] == []


def test_a_contract_is_sent_only_from_the_organisation_s_domains(api, people):
    api.post("/applicants/actions", {"action": "send_offer", "applicant_ids": [people["kari"]["id"]]})
    body = {
        "position": "Nurse",
        "department": "Care",
        "start_date": "2027-01-04",
        "salary": "NOK 650 000",
        "from": "hr@other.example",
    }
    response = api.post(f"/applicants/{people['kari']['id']}/contract", body)
    assert response.status == 422
    assert response.json["errors"][0]["field"] == "from"
    assert sent_mail() == []
    assert api.get(f"/applicants/{people['kari']['id']}/documents").json["items"] == []


def test_each_organisation_sends_from_its_own_domain(api, people):
    response = api.post(
        "/emails", {"applicant_ids": [people["kari"]["id"]], "from": "hr@acme.example", "subject": "Hi", "body": "Hi"}
    )
    assert response.json["results"][0]["ok"] is True
    other = api.as_org("other")
    job = vacancy(other, "Driver")
    ola = applicant(other, job["id"], "Ola", "Hansen")
    response = other.post(
        "/emails", {"applicant_ids": [ola["id"]], "from": "hr@other.example", "subject": "Hi", "body": "Hi"}
    )
    assert response.json["results"][0]["ok"] is True
    assert [mail["From"] for mail in sent_mail()] == ["hr@acme.example", "hr@other.example"]


def test_a_notice_goes_from_the_organisation_s_reply_to_once_the_invitation_s_domain_is_gone(api, admin, people):
    created = api.post("/interviews", interview_body([people["kari"]["id"]])).json["interviews"][0]
    # the recruiter's sender domain is taken off the organisation; a notice must not use it any more
    admin.patch("/organisation", {"name": "Acme AS", "sender_domains": [], "reply_to": None})
    response = api.delete(f"/interviews/{created['id']}?notify=true")
    assert response.status == 200
    notice = sent_mail()[-1]
    assert notice["From"] == f"Acme AS <{config.mail_from()}>"
    admin.patch("/organisation", {"sender_domains": ["acme.example"], "reply_to": "jobs@acme.example"})
    created = api.post("/interviews", interview_body([people["john"]["id"]], "old@acme.example")).json["interviews"][0]
    admin.patch("/organisation", {"sender_domains": ["acme.example"]})
    api.delete(f"/interviews/{created['id']}?notify=true")
    assert sent_mail()[-1]["From"] == "old@acme.example"  # still the organisation's: the recruiter's choice stands


# Budgets -----------------------------------------------------------------------------------


def test_a_request_over_the_daily_email_budget_is_a_429_before_anything_is_sent(api, admin, people, monkeypatch):
    monkeypatch.setenv("ORG_DAILY_EMAIL_LIMIT", "2")
    ids = [people["kari"]["id"], people["john"]["id"]]
    body = {"applicant_ids": ids, "from": "hr@acme.example", "subject": "Hi", "body": "Hi"}
    assert api.post("/emails", body).status == 200
    response = api.post("/emails", body)
    assert response.status == 429
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == str(15 * 3600)  # from 09:00 UTC to midnight UTC
    assert "daily email budget of 2" in response.json["detail"]
    assert len(sent_mail()) == 2
    # an invitation over budget creates no interview either
    response = api.post("/interviews", interview_body(ids))
    assert response.status == 429
    assert api.get(f"/applicants/{ids[0]}").json["interviews"] == []
    assert admin.get("/organisation").json["usage"] == {"day": "2026-11-20", "emails": 2, "sms": 0}
    # the next UTC day starts afresh
    tomorrow = api.at(datetime(2026, 11, 21, 0, 0, 1, tzinfo=UTC))
    assert tomorrow.post("/emails", body).status == 200


def test_an_operator_raises_one_organisation_s_budget(api, admin, people, monkeypatch):
    monkeypatch.setenv("ORG_DAILY_EMAIL_LIMIT", "1")
    set_limits("acme", daily_emails=3)
    ids = [people["kari"]["id"], people["john"]["id"]]
    body = {"applicant_ids": ids, "from": "hr@acme.example", "subject": "Hi", "body": "Hi"}
    assert api.post("/emails", body).status == 200
    assert admin.get("/organisation").json["limits"] == {"daily_emails": 3, "daily_sms": 200}
    assert api.post("/emails", body).status == 429  # 2 + 2 > 3
    # a tenant cannot set its own budget: limits are not a setting
    response = admin.patch("/organisation", {"limits": {"daily_emails": 100000}})
    assert response.status == 422


def test_rating_panels_and_forwards_count_against_the_budget(api, people, monkeypatch):
    monkeypatch.setenv("ORG_DAILY_EMAIL_LIMIT", "3")
    reviewers = [{"name": f"R{n}", "email": f"r{n}@x.example"} for n in range(4)]
    body = {"applicant_ids": [people["kari"]["id"]], "reviewers": reviewers, "from": "hr@acme.example"}
    assert api.post("/rating-panels", body).status == 429
    assert api.post("/rating-panels", {**body, "reviewers": reviewers[:3]}).status == 201
    forward = {"to": "lead@x.example", "from": "hr@acme.example", "subject": "Candidate", "body": "Hi"}
    assert api.post(f"/applicants/{people['kari']['id']}/forward", forward).status == 429
    assert len(sent_mail()) == 3


def test_a_reminder_over_the_sms_budget_is_skipped_with_the_reason(client, api, people, monkeypatch):
    from chalicelib.services.reminders import local_drain

    monkeypatch.setenv("ORG_DAILY_SMS_LIMIT", "0")
    body = interview_body([people["kari"]["id"]], reminder={"channel": "sms", "days_before": 2})
    created = api.post("/interviews", body).json["interviews"][0]
    local_drain.run_locally(datetime(2026, 12, 5, 8, 0, tzinfo=UTC))
    assert sms_sent() == []
    reminder = api.get(f"/interviews/{created['id']}").json["reminder"]
    assert reminder["status"] == "skipped"
    assert reminder["reason"] == "over the daily SMS budget of 0"


def test_reminders_count_against_the_budget_of_the_day_they_go(client, api, admin, people):
    from chalicelib.services.reminders import local_drain

    body = interview_body([people["kari"]["id"]], reminder={"channel": "email_sms", "days_before": 2})
    api.post("/interviews", body)
    local_drain.run_locally(datetime(2026, 12, 5, 8, 0, tzinfo=UTC))
    assert len(sms_sent()) == 1
    saturday = admin.at(datetime(2026, 12, 5, 9, 0, tzinfo=UTC))
    assert saturday.get("/organisation").json["usage"] == {"day": "2026-12-05", "emails": 1, "sms": 1}


def test_an_sms_text_of_more_than_three_segments_is_refused_at_creation(api, people):
    reminder = {"channel": "sms", "days_before": 2, "sms_text": "Hei {firstname}! " + "Husk intervjuet. " * 26}
    response = api.post("/interviews", interview_body([people["kari"]["id"]], reminder=reminder))
    assert response.status == 422
    assert response.json["errors"][0]["field"] == "reminder.sms_text"
    assert "4 SMS segments" in response.json["errors"][0]["message"]
    # UCS-2 (an emoji) fits 67 characters a segment: 3 segments are 201
    reminder["sms_text"] = {"nb": "🙂" + "x" * 200}
    response = api.post("/interviews", interview_body([people["kari"]["id"]], reminder=reminder))
    assert response.status == 422
    assert response.json["errors"][0]["field"] == "reminder.sms_text.nb"
    reminder["sms_text"] = "Hei {firstname}, husk intervjuet {date} kl. {time}."
    assert api.post("/interviews", interview_body([people["kari"]["id"]], reminder=reminder)).status == 201
    assert sent_mail()  # the invitation went; nothing went for the refused ones
    assert len(sent_mail()) == 1


# Identifiers checked at the door ---------------------------------------------------------------


@pytest.mark.parametrize("org", ["orgb/apl_x", "Acme", "acme#1", "-acme", "a" * 64, "", "acme\n"])
def test_a_token_for_an_organisation_id_of_the_wrong_shape_is_refused(api, org):
    from chalicelib.api.auth import default_dev_claims, dev_token

    token = dev_token({**default_dev_claims(), "org": org}, api.now)
    response = api.get("/vacancies", auth=False, headers={"authorization": f"Bearer {token}"})
    assert response.status == 401


@pytest.mark.parametrize("path", ["/applicants/apl_x%23y", "/applicants/x", "/vacancies/vac_..", "/interviews/int_1 2"])
def test_an_id_of_the_wrong_shape_in_a_path_is_a_422(api, path):
    response = api.get(path)
    assert response.status == 422, response
    assert response.json["errors"][0]["field"].endswith("_id")


def test_an_id_of_the_wrong_shape_in_a_body_is_named(api):
    response = api.post("/applicants/actions", {"action": "withdraw", "applicant_ids": ["apl_1", "x/y"]})
    assert response.status == 422
    assert [error["field"] for error in response.json["errors"]] == ["applicant_ids.1"]


def test_purging_an_applicant_leaves_another_organisation_s_files_alone(api, people):
    """The old attack: a tenant named `orgb/apl_x` purging `apl_x...` under `orgb/`. Org ids cannot hold a `/` now,
    and the purge prefix ends with the applicant id and a `/`, so a prefix of one id never reaches another's files."""
    import boto3

    s3 = boto3.client("s3", region_name=config.region())
    kari = people["kari"]["id"]
    s3.put_object(Bucket=config.documents_bucket(), Key=f"acme/{kari}/doc_1/cv.txt", Body=b"cv")
    s3.put_object(Bucket=config.documents_bucket(), Key=f"acme/{kari}X/doc_2/cv.txt", Body=b"someone else")
    api.post("/applicants/actions", {"action": "delete", "applicant_ids": [kari]})
    assert api.post("/applicants/actions", {"action": "purge", "applicant_ids": [kari]}).json["results"][0]["ok"]
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=config.documents_bucket()).get("Contents", [])]
    assert keys == [f"acme/{kari}X/doc_2/cv.txt"]


# Smaller doors -------------------------------------------------------------------------------


def test_json_answers_are_not_cached(api, people):
    for path in (f"/applicants/{people['kari']['id']}", "/vacancies", "/interviews?from=2026-12-01&to=2026-12-31"):
        assert api.get(path).headers["cache-control"] == "no-store", path


def test_a_401_does_not_echo_the_jwt_library(api):
    response = api.get("/vacancies", auth=False, headers={"authorization": "Bearer not.a.jwt"})
    assert response.status == 401
    assert response.json["detail"] == "The token is not valid."


def test_development_tokens_are_refused_inside_a_lambda_function(api, monkeypatch):
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "rendezvous-prod")
    response = api.get("/vacancies")
    assert response.status == 401
    assert "local stage" in response.json["detail"]


# The organisation's name and address where applicants and reviewers expect them ---------------


def test_the_organisation_s_name_and_address_are_on_every_page_letter_and_contract(api, admin, people):
    from tests.support import pdf_text

    admin.patch("/organisation", {"name": "Acme Helse AS", "postal_address": "Strandgaten 5\n5013 Bergen"})
    kari = people["kari"]["id"]
    api.post("/interviews", interview_body([kari]))
    api.post(
        "/rating-panels",
        {"applicant_ids": [kari], "reviewers": [{"name": "Anna", "email": "a@x.example"}], "from": "hr@acme.example"},
    )
    api.post(
        "/applicants/actions",
        {"action": "save", "applicant_ids": [kari], "send_access": True, "from": "hr@acme.example"},
    )
    texts = [mail.get_body(("plain",)).get_content() for mail in sent_mail()]
    links = [
        re.search(rf"https://rendezvous\.test(/{kind}/[A-Za-z0-9_-]+)", text).group(1)
        for kind, text in zip(("confirm", "rate", "profile"), texts, strict=True)
    ]
    for link in links:
        page = api.get(link, auth=False)
        assert page.status == 200, link
        assert "<strong>Acme Helse AS</strong><br>Strandgaten 5<br>5013 Bergen" in page.text, link
    answered = api.request(
        "POST",
        links[0],
        auth=False,
        headers={"content-type": "application/x-www-form-urlencoded"},
        raw_body="answer=accept",
    )
    assert "Acme Helse AS" in answered.text

    letter = api.get(f"/applicants/{kari}/letters/received", headers={"accept": "application/pdf"})
    assert letter.status == 200, letter
    assert "Acme Helse AS\nStrandgaten 5\n5013 Bergen" in pdf_text(letter.content)

    john = people["john"]["id"]
    api.post("/applicants/actions", {"action": "send_offer", "applicant_ids": [john]})
    details = {
        "position": "Nurse",
        "department": "Care",
        "start_date": "2027-01-04",
        "salary": "NOK 1",
        "send_email": False,
    }
    document = api.post(f"/applicants/{john}/contract", details).json["document"]
    from tests.support import http_get

    contract = pdf_text(http_get(document["download_url"]).content)
    assert "Acme Helse AS" in contract and "Strandgaten 5" in contract


def test_sms_reminders_carry_the_organisation_s_sender_id(client, api, admin, people, monkeypatch):
    from chalicelib.notify import sms
    from chalicelib.services.reminders import local_drain

    admin.patch("/organisation", {"sms_sender_id": "AcmeHelse"})
    real_send, sender_ids = sms.send, []

    def recording(to, message, retry=True, sender_id=None):
        sender_ids.append(sender_id)
        return real_send(to, message, retry, sender_id=sender_id)

    monkeypatch.setattr(sms, "send", recording)
    api.post("/interviews", interview_body([people["kari"]["id"]], reminder={"channel": "sms", "days_before": 2}))
    local_drain.run_locally(datetime(2026, 12, 5, 8, 0, tzinfo=UTC))
    assert sender_ids == ["AcmeHelse"]
    assert len(sms_sent()) == 1


def test_with_a_sender_role_email_goes_out_on_a_session_tagged_with_the_organisation(api, people, monkeypatch):
    """As in AWS: the SES client is one on the sender role, assumed with the session tag rendezvous:org.
    (moto does not enforce IAM; infra/ and tests/infra hold the policy that makes the tag count.)"""
    from chalicelib.notify import identities

    monkeypatch.setenv("SES_SENDER_ROLE_ARN", "arn:aws:iam::123456789012:role/rendezvous-test-sender")
    assumed = []
    real_request = identities.assume_role_request

    def recording(role_arn, org):
        assumed.append(real_request(role_arn, org))
        return assumed[-1]

    monkeypatch.setattr(identities, "assume_role_request", recording)
    body = {"applicant_ids": [people["kari"]["id"]], "from": "hr@acme.example", "subject": "Hi", "body": "Hi"}
    assert api.post("/emails", body).json["results"][0]["ok"] is True
    assert api.post("/emails", body).json["results"][0]["ok"] is True  # the session is kept, not assumed again
    assert assumed == [
        {
            "RoleArn": "arn:aws:iam::123456789012:role/rendezvous-test-sender",
            "RoleSessionName": "send-acme",
            "DurationSeconds": 900,
            "Tags": [{"Key": "rendezvous:org", "Value": "acme"}],
        }
    ]
    assert len(sent_mail()) == 2


def test_the_local_token_route_refuses_an_organisation_id_of_the_wrong_shape(api):
    response = api.post("/dev/token", {"org": "orgb/apl_x"}, auth=False)
    assert response.status == 422
    assert response.json["errors"][0]["field"] == "org"
    assert api.post("/dev/token", {"org": "orgb"}, auth=False).status == 200


def test_an_instance_keeps_the_settings_it_read_for_a_minute_and_sees_its_own_changes_at_once(admin, monkeypatch):
    import boto3

    from chalicelib.store import organisations

    clock = [1000.0]
    monkeypatch.setattr(organisations.time, "monotonic", lambda: clock[0])
    assert admin.patch("/organisation", {"name": "Acme Oy"}).json["name"] == "Acme Oy"  # its own change: at once
    assert organisations.settings("acme")["name"] == "Acme Oy"
    # Another Lambda instance renames it: this one goes on with what it read, for a minute at most.
    table = boto3.resource("dynamodb", region_name=config.region()).Table(f"{config.table_prefix()}-organisations")
    table.update_item(
        Key={"org": "acme"},
        UpdateExpression="SET #n = :n",
        ExpressionAttributeNames={"#n": "name"},
        ExpressionAttributeValues={":n": "Acme AB"},
    )
    clock[0] += 59
    assert organisations.settings("acme")["name"] == "Acme Oy"
    clock[0] += 2
    assert organisations.settings("acme")["name"] == "Acme AB"
    copy = organisations.settings("acme")
    copy["sender_domains"].append("evil.example")  # a caller's copy is its own
    assert "evil.example" not in organisations.settings("acme")["sender_domains"]
