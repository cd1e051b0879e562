"""DynamoDB requests per operation of the invitation and answer flows (issue 3, "Measured").

Each figure drives the app through the Chalice test client against moto in this
process, with the request clock pinned, and counts the DynamoDB API calls the
operation makes with a botocore `before-call.dynamodb` event hook. The hook is
put into botocore's built-in handlers, which every botocore session registers
when it is created (PynamoDB makes its own session per connection with
`botocore.session.get_session()`, boto3 has another), the same way moto's own
stubber is installed. So, like moto, this module must be imported before any
botocore session is made; every measurement first checks that one PynamoDB
GetItem counts as exactly one call.

Importing this module configures the process like tests/conftest.py does (fake
credentials, the local stage, the dev routes) before anything in chalicelib is
imported. `scripts/bench.py` calls the `bench_*` functions (see `ALL`); each
returns one printable line. Run alone: `.venv/bin/python scripts/bench_interviews.py`.
"""

from __future__ import annotations

import email
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from itertools import groupby
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.update(
    {
        "AWS_DEFAULT_REGION": "eu-north-1",
        "AWS_REGION": "eu-north-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SECURITY_TOKEN": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "RENDEZVOUS_STAGE": "local",
        "RENDEZVOUS_TABLE_PREFIX": "rendezvous-bench",
        "RENDEZVOUS_DEV_ROUTES": "1",
        "RENDEZVOUS_AUTH": "dev",
        "PUBLIC_BASE_URL": "https://rendezvous.bench",
        "MAIL_FROM": "no-reply@rendezvous.bench",
    }
)
for _name in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "RENDEZVOUS_OUTBOX_URL"):
    os.environ.pop(_name, None)

import botocore.handlers  # noqa: E402 - after the environment above, before any session exists
from moto import mock_aws  # noqa: E402 - its stubber, too, reaches only sessions made after import

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
START = "2026-12-07T10:00"  # a Monday, 17 days after NOW
SENDER_DOMAINS = ("rendezvous.bench", "acme.example", "example.com")
LINK = re.compile(r"https://rendezvous\.bench/confirm/([A-Za-z0-9_-]+)")
FORM = {"content-type": "application/x-www-form-urlencoded"}


class DynamoDBCalls:
    """The botocore hook: operation names of the DynamoDB API calls made while recording, in order.

    `before-call` fires once per API call (a retried call is still one call).
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self.recording = False

    def __call__(self, model: Any = None, **_: Any) -> None:
        if self.recording:
            self.names.append(model.name)

    @contextmanager
    def record(self) -> Iterator[list[str]]:
        self.names = []
        self.recording = True
        try:
            yield self.names
        finally:
            self.recording = False


CALLS = DynamoDBCalls()
botocore.handlers.BUILTIN_HANDLERS.append(("before-call.dynamodb", CALLS))


@dataclass
class Measurement:
    operation: str
    calls: list[str]
    goal: int

    @property
    def met(self) -> bool:
        return len(self.calls) <= self.goal

    def __str__(self) -> str:
        runs = [(name, len(list(group))) for name, group in groupby(self.calls)]
        order = ", ".join(name if count == 1 else f"{name} x{count}" for name, count in runs) or "none"
        verdict = "" if self.met else ", MISSED"
        return f"{self.operation}: {len(self.calls)} DynamoDB requests (goal <= {self.goal}{verdict}): {order}"


class Recruiter:
    """The app through the Chalice test client, as one recruiter at the pinned instant."""

    def __init__(self, client: Any) -> None:
        from chalicelib.api.auth import default_dev_claims, dev_token

        self.client = client
        self.token = dev_token(default_dev_claims(org="acme"), NOW)

    def request(self, method: str, path: str, body: Any = None, form: str | None = None) -> Any:
        headers = {"x-rendezvous-now": NOW.isoformat()}
        if form is not None:
            headers.update(FORM)
            data: str | None = form
        else:
            headers["authorization"] = f"Bearer {self.token}"
            headers["content-type"] = "application/json"
            data = json.dumps(body) if body is not None else None
        return self.client.http.request(method, path, headers=headers, body=data)

    def created(self, path: str, body: Any) -> Any:
        response = self.request("POST", path, body)
        assert response.status_code == 201, (path, response.status_code, response.body[:500])
        return json.loads(response.body)


def provision() -> None:
    """Every table and index, the reminder queue and the senders, as tests/support.py does."""
    import boto3

    from chalicelib import config
    from chalicelib.notify.clients import reset
    from chalicelib.store.tables import create_all

    reset()
    create_all()
    ses = boto3.client("ses", region_name=config.region())
    for domain in SENDER_DOMAINS:
        ses.verify_domain_identity(Domain=domain)
    boto3.client("sqs", region_name=config.region()).create_queue(QueueName=config.reminder_queue_name())


def check_counter() -> None:
    """The hook must see PynamoDB's calls: one GetItem is exactly one call."""
    from chalicelib.store.models import Vacancy

    with CALLS.record() as calls, suppress(Vacancy.DoesNotExist):
        Vacancy.get("acme", "no-such-vacancy")
    if calls != ["GetItem"]:
        raise RuntimeError(f"the DynamoDB call counter is not reliable: one Model.get() counted as {calls}")


@contextmanager
def embedded_app() -> Iterator[Recruiter]:
    """A fresh moto with everything provisioned, and the app on it."""
    with mock_aws():
        provision()
        check_counter()
        from chalice.test import Client

        import app as application

        with Client(application.app, stage_name="local") as client:
            yield Recruiter(client)


def invite_body(applicant_ids: list[str]) -> dict[str, Any]:
    return {
        "applicant_ids": applicant_ids,
        "type": "in_person",
        "attendees": [{"name": "Anna Berg", "email": "anna@acme.example"}],
        "start": START,
        "timezone": "Europe/Oslo",
        "duration_minutes": 45,
        "location": "Storgata 1, Oslo",
        "invitation": {
            "send_email": True,
            "from": "recruiter@acme.example",
            "subject": {"en": "Interview for {vacancy}", "nb": "Intervju for {vacancy}"},
            "body": {
                "en": "Dear {firstname},\n\nWelcome on {date} at {time}.\n\n{confirmlink}",
                "nb": "Hei {firstname},\n\nVelkommen {date} kl. {time}.\n\n{confirmlink}",
            },
            "include_confirm_link": None,
        },
        "reminder": {"channel": "email", "days_before": 2},
    }


def applicants(recruiter: Recruiter, count: int) -> list[str]:
    vacancy = recruiter.created("/vacancies", {"title": "Backend developer", "location": "Oslo"})
    return [
        recruiter.created(
            f"/vacancies/{vacancy['id']}/applicants",
            {
                "first_name": f"Kari{number}",
                "last_name": "Nordmann",
                "email": f"kari{number}@example.com",
                "language": "nb" if number % 2 else "en",
            },
        )["id"]
        for number in range(count)
    ]


def sent_links() -> list[str]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    from chalicelib import config

    links = []
    for message in ses_backends[DEFAULT_ACCOUNT_ID][config.region()].sent_messages:
        mime = email.message_from_string(message.raw_data, policy=policy.default)
        links += LINK.findall(mime.get_body(("plain",)).get_content())
    return links


def invited(recruiter: Recruiter) -> str:
    """One applicant invited; the token of their answer link."""
    recruiter.created("/interviews", invite_body(applicants(recruiter, 1)))
    (token,) = sent_links()
    return token


def measure_confirm_get() -> Measurement:
    with embedded_app() as recruiter:
        token = invited(recruiter)
        with CALLS.record() as calls:
            response = recruiter.request("GET", f"/confirm/{token}")
        assert response.status_code == 200, (response.status_code, response.body[:500])
    return Measurement("confirm GET", calls, 2)


def measure_confirm_post() -> Measurement:
    with embedded_app() as recruiter:
        token = invited(recruiter)
        with CALLS.record() as calls:
            response = recruiter.request("POST", f"/confirm/{token}", form="answer=accept")
        assert response.status_code == 200, (response.status_code, response.body[:500])
    return Measurement("confirm POST", calls, 3)


def measure_invite(count: int = 50) -> Measurement:
    with embedded_app() as recruiter:
        ids = applicants(recruiter, count)
        with CALLS.record() as calls:
            created = recruiter.created("/interviews", invite_body(ids))
        assert len(created["interviews"]) == count, created
        assert len(sent_links()) == count
    return Measurement(f"invite of {count} applicants (one POST /interviews)", calls, count + 3)


def bench_confirm_get() -> str:
    return str(measure_confirm_get())


def bench_confirm_post() -> str:
    return str(measure_confirm_post())


def bench_invite_50() -> str:
    return str(measure_invite(50))


ALL: list[Callable[[], str]] = [bench_confirm_get, bench_confirm_post, bench_invite_50]


def main() -> int:
    """Print every figure; exit 1 if one misses its goal."""
    missed = False
    for measure in (measure_confirm_get, measure_confirm_post, measure_invite):
        measurement = measure()
        print(measurement, flush=True)
        missed |= not measurement.met
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
