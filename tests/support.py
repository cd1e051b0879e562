"""Helpers for functional tests: an authenticated JSON client and the embedded AWS."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from chalicelib.api.auth import default_dev_claims, dev_token

PINNED_NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
VERIFIED_DOMAINS = ("rendezvous.test", "example.com", "demo.example")  # verified, but no organisation's
SENDER_DOMAINS = {"acme.example": "acme", "other.example": "other"}  # SES identities tagged for an organisation


def provision() -> None:
    from chalicelib.local import provision as provision_embedded_aws
    from chalicelib.store import organisations

    provision_embedded_aws(verified_domains=VERIFIED_DOMAINS, sender_domains=SENDER_DOMAINS)
    for org in ("acme", "other"):  # as an admin of each would have set them
        domains = [domain for domain, owner in SENDER_DOMAINS.items() if owner == org]
        organisations.save_settings(org, {"sender_domains": domains}, "admin", PINNED_NOW)


def ses_refuses(domain: str) -> None:
    """The sender domain stays the organisation's, but SES no longer sends from it (as if unverified)."""
    import boto3

    from chalicelib import config

    boto3.client("ses", region_name=config.region()).delete_identity(Identity=domain)


def token(now: datetime = PINNED_NOW, **claims: Any) -> str:
    return dev_token(default_dev_claims(**claims), now)


class Response:
    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.status = raw.status_code
        self.headers = {key.lower(): value for key, value in raw.headers.items()}
        self.content = raw.body if isinstance(raw.body, bytes) else (raw.body or "").encode()
        self.text = self.content.decode(errors="replace")  # a PDF is bytes

    @property
    def json(self) -> Any:
        return json.loads(self.text)

    def __repr__(self) -> str:
        return f"<{self.status} {self.text[:300]}>"


class ApiClient:
    """Calls the app as a recruiter of one organisation, at a pinned instant."""

    def __init__(self, client: Any, org: str = "acme", now: datetime = PINNED_NOW, **claims: Any) -> None:
        self.client = client
        self.org = org
        self.now = now
        self.claims = claims
        self.token = token(now, org=org, **claims)

    def as_org(self, org: str, **claims: Any) -> ApiClient:
        return ApiClient(self.client, org=org, now=self.now, **{**self.claims, **claims})

    def at(self, now: datetime) -> ApiClient:
        other = ApiClient(self.client, org=self.org, now=now, **self.claims)
        other.token = self.token
        return other

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        auth: bool = True,
        raw_body: str | bytes | None = None,
    ) -> Response:
        all_headers = {"x-rendezvous-now": self.now.isoformat()}
        if auth:
            all_headers["authorization"] = f"Bearer {self.token}"
        if body is not None or raw_body is not None:
            all_headers["content-type"] = "application/json"
        all_headers.update(headers or {})
        data = raw_body if raw_body is not None else (json.dumps(body) if body is not None else None)
        return Response(self.client.http.request(method, path, headers=all_headers, body=data))

    def get(self, path: str, **kwargs: Any) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Response:
        return self.request("POST", path, body, **kwargs)

    def patch(self, path: str, body: Any = None, **kwargs: Any) -> Response:
        return self.request("PATCH", path, body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Response:
        return self.request("DELETE", path, **kwargs)

    def outbox(self) -> dict[str, Any]:
        return self.get("/dev/outbox", auth=False).json


def vacancy(api: ApiClient, title: str = "Backend developer", **fields: Any) -> dict[str, Any]:
    response = api.post("/vacancies", {"title": title, **fields})
    assert response.status == 201, response
    return response.json


def applicant(
    api: ApiClient, vacancy_id: str, first_name: str = "Kari", last_name: str = "Nordmann", **fields: Any
) -> dict[str, Any]:
    body = {
        "first_name": first_name,
        "last_name": last_name,
        "email": fields.pop("email", f"{first_name.lower()}@example.com"),
        **fields,
    }
    response = api.post(f"/vacancies/{vacancy_id}/applicants", body)
    assert response.status == 201, response
    return response.json


def upload_to_s3(upload: dict[str, Any], content: bytes, filename: str = "file") -> Any:
    """Do the browser's part of a presigned upload: POST the form and the file to S3, here to moto in-process.

    moto answers plain HTTP (`requests`) only while its URL hooks are registered, and
    `mock_aws().reset()` (the `aws` fixture) drops them; restarting the mock without
    removing data registers them again.
    """
    import requests

    from tests.conftest import _MOCK

    _MOCK.stop(remove_data=False)
    _MOCK.start(reset=False)
    return requests.post(upload["url"], data=upload["fields"], files={"file": (filename, content)}, timeout=30)


def http_get(url: str) -> Any:
    """A plain GET of a presigned URL, answered by moto in-process (see upload_to_s3)."""
    import requests

    from tests.conftest import _MOCK

    _MOCK.stop(remove_data=False)
    _MOCK.start(reset=False)
    return requests.get(url, timeout=30)


def pdf_text(content: bytes) -> str:
    """The text of every page of a PDF, as a reader would extract it."""
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def locked(path: Any) -> dict[str, str]:
    """name -> version of every package pinned in a lock file (requirements.lock)."""
    pins = {}
    for line in path.read_text().splitlines():
        if line and not line[0].isspace() and "==" in line:
            name, version = line.split(";")[0].split("\\")[0].strip().split("==")
            pins[name.lower().replace("_", "-")] = version
    return pins


def cldr_zone_name(language: str, timezone: str, wall_clock: datetime) -> str:
    """The zone name Babel (CLDR) writes after a time, e.g. nb Europe/Oslo in December.

    Tests of our own wording stay exact; the CLDR part comes from the locked Babel, so a Babel
    update moves it everywhere at once and fails only tests/unit/test_cldr_pins.py, which says what moved.
    """
    from babel.dates import format_datetime

    from chalicelib.domain.schedule import zone

    moment = wall_clock.replace(tzinfo=zone(timezone))
    return format_datetime(moment, "zzzz", tzinfo=moment.tzinfo, locale=language)


# The zone every Norwegian fixture's interview is in: Oslo on Monday 7 December 2026, winter time.
OSLO_WINTER = cldr_zone_name("nb", "Europe/Oslo", datetime(2026, 12, 7, 10, 0))


class ChaliceWsgi:
    """The Chalice app as a WSGI application, through Chalice's own local gateway (what the test client uses).

    Schemathesis drives WSGI applications in-process; this lets it call every route exactly as
    `client.http` does, with no server and no port.
    """

    def __init__(self, client: Any) -> None:
        self.client = client

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        from http import HTTPStatus
        from urllib.parse import quote

        path = quote(environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace"), safe="/%")
        if environ.get("QUERY_STRING"):
            path += "?" + environ["QUERY_STRING"]
        headers = {
            key[5:].replace("_", "-").lower(): value for key, value in environ.items() if key.startswith("HTTP_")
        }
        for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            if environ.get(key):
                headers[key.replace("_", "-").lower()] = environ[key]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        response = self.client.http.request(environ["REQUEST_METHOD"], path, headers=headers, body=body)
        status = response.status_code
        phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
        start_response(f"{status} {phrase}", list(response.headers.items()))
        content = response.body if isinstance(response.body, bytes) else (response.body or "").encode()
        return [content]


# Delivery events, as AWS documents them ----------------------------------------------------
# The examples of "Examples of event data that Amazon SES publishes to Amazon SNS" (SES developer
# guide) and of SNS's SMS delivery status logs, with only the message id and the recipient ours.

SES_MAIL_EXAMPLE = {
    "timestamp": "2017-08-05T00:40:02.012Z",
    "source": "Sender Name <sender@example.com>",
    "sourceArn": "arn:aws:ses:us-east-1:123456789012:identity/sender@example.com",
    "sendingAccountId": "123456789012",
    "messageId": "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000",
    "destination": ["recipient@example.com"],
    "headersTruncated": False,
    "headers": [
        {"name": "From", "value": "Sender Name <sender@example.com>"},
        {"name": "To", "value": "recipient@example.com"},
        {"name": "Subject", "value": "Message sent from Amazon SES"},
        {"name": "MIME-Version", "value": "1.0"},
    ],
    "commonHeaders": {
        "from": ["Sender Name <sender@example.com>"],
        "to": ["recipient@example.com"],
        "messageId": "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000",
        "subject": "Message sent from Amazon SES",
    },
    "tags": {
        "ses:configuration-set": ["ConfigSet"],
        "ses:source-ip": ["192.0.2.0"],
        "ses:from-domain": ["example.com"],
        "ses:caller-identity": ["ses_user"],
    },
}

SES_EVENT_EXAMPLES: dict[str, dict[str, Any]] = {
    "Send": {"eventType": "Send", "send": {}},
    "Delivery": {
        "eventType": "Delivery",
        "delivery": {
            "timestamp": "2016-10-19T23:21:04.133Z",
            "processingTimeMillis": 11893,
            "recipients": ["recipient@example.com"],
            "smtpResponse": "250 2.6.0 Message received",
            "reportingMTA": "mta.example.com",
        },
    },
    "Bounce": {
        "eventType": "Bounce",
        "bounce": {
            "bounceType": "Permanent",
            "bounceSubType": "General",
            "bouncedRecipients": [
                {
                    "emailAddress": "recipient@example.com",
                    "action": "failed",
                    "status": "5.1.1",
                    "diagnosticCode": "smtp; 550 5.1.1 user unknown",
                }
            ],
            "timestamp": "2017-08-05T00:41:02.669Z",
            "feedbackId": "01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000",
            "reportingMTA": "dsn; mta.example.com",
        },
    },
    "Complaint": {
        "eventType": "Complaint",
        "complaint": {
            "complainedRecipients": [{"emailAddress": "recipient@example.com"}],
            "timestamp": "2017-08-05T00:41:02.669Z",
            "feedbackId": "01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000",
            "userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/60.0.3112.90 Safari/537.36",
            "complaintFeedbackType": "abuse",
            "arrivalDate": "2017-08-05T00:41:02.669Z",
        },
    },
    "Reject": {"eventType": "Reject", "reject": {"reason": "Bad content"}},
    "DeliveryDelay": {
        "eventType": "DeliveryDelay",
        "deliveryDelay": {
            "timestamp": "2020-06-16T00:15:40.641Z",
            "delayType": "TransientCommunicationFailure",
            "expirationTime": "2020-06-16T00:25:40.914Z",
            "delayedRecipients": [
                {
                    "emailAddress": "recipient@example.com",
                    "status": "4.4.1",
                    "diagnosticCode": "smtp; 421 4.4.1 Unable to connect to remote host",
                }
            ],
        },
    },
}


def ses_event(event_type: str, message_id: str, recipient: str, **tags: str) -> dict[str, Any]:
    """AWS's example document of `event_type`, about our message to `recipient` (tagged as we tag it)."""
    document = json.loads(
        json.dumps({**SES_EVENT_EXAMPLES[event_type], "mail": SES_MAIL_EXAMPLE})
        .replace("EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000", message_id)
        .replace("recipient@example.com", recipient)
    )
    for name, value in tags.items():
        document["mail"]["tags"][name] = [value]
    return document


def sms_log(message_id: str, number: str, success: bool) -> dict[str, Any]:
    """SNS's SMS delivery status log entry, as in AWS's documented examples."""
    delivery = {
        "mnc": 270 if success else 0,
        "numberOfMessageParts": 1,
        "destination": number,
        "priceInUSD": 0.00645,
        "smsType": "Transactional",
        "mcc": 310 if success else 0,
        "providerResponse": "Message has been accepted by phone carrier"
        if success
        else "Unknown error attempting to reach phone",
        "dwellTimeMs": 599 if success else 1420,
        "dwellTimeMsUntilDeviceAck": 1344 if success else 1692,
    }
    if success:
        delivery["phoneCarrier"] = "My Phone Carrier"
    return {
        "notification": {"messageId": message_id, "timestamp": "2016-06-28 00:40:34.558"},
        "delivery": delivery,
        "status": "SUCCESS" if success else "FAILURE",
    }


def publish_email_events(client: Any, *documents: dict[str, Any]) -> list[dict[str, int]]:
    """Each document through the SNS-subscribed handler, as SNS would invoke it."""
    from chalicelib.local import sns_envelope

    return [client.lambda_.invoke("email_events", sns_envelope(document)).payload for document in documents]


def publish_sms_logs(client: Any, *documents: dict[str, Any]) -> Any:
    from chalicelib.local import sms_log_envelope

    return client.lambda_.invoke("sms_receipts", sms_log_envelope(list(documents))).payload


def simulate_mailbox() -> int:
    """What the local runner does: every email moto sent so far through SES's mailbox simulator, now."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    from chalicelib import config
    from chalicelib.local import MailboxSimulator

    simulator = MailboxSimulator()
    for message in ses_backends[DEFAULT_ACCOUNT_ID][config.region()].sent_messages:
        simulator.sent_email(message.id, list(message.destinations), message.source)
    return simulator.drain()


def is_team_mail(message: Any) -> bool:
    """An interviewer's calendar mail (its event's UID is the team's, never the applicant's)."""
    return any(
        part.get_content_type() == "text/calendar" and ".team@rendezvous" in part.get_content()
        for part in message.iter_attachments()
    )


def strict_calendar(data: str | bytes) -> Any:
    """Parse an .ics strictly: icalendar must read every line without an error, and the calendar
    and each event must carry what RFC 5545 requires of them."""
    from icalendar import Calendar

    text = data.decode() if isinstance(data, bytes) else data
    assert "\r\n" in text, "lines must end in CRLF"
    calendar = Calendar.from_ical(text)
    for component in calendar.walk():
        assert not component.errors, (component.name, component.errors)
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar.get("PRODID")
    for event in calendar.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART"):
            assert event.get(required) is not None, required
        assert not (event.get("DTEND") and event.get("DURATION")), "DTEND and DURATION both"
        assert event.decoded("DTEND") > event.decoded("DTSTART")
    for line in text.split("\r\n"):
        assert len(line.encode()) <= 75, f"line not folded: {line!r}"
    return calendar
