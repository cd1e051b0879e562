"""What every DynamoDB benchmark shares: the environment, the embedded AWS, the app, and the counter.

Import this before anything from chalicelib: it configures the process like
tests/conftest.py (fake credentials, the local stage) and puts the counter
into botocore's built-in handlers, which every botocore session registers when
it is made — PynamoDB makes its own session per connection, so a hook on one
client would miss calls. moto installs its stubber the same way.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
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

from moto import mock_aws  # noqa: E402 - after the environment above; reaches only sessions made after import

from scripts.dynamocalls import install  # noqa: E402 - likewise, before any botocore session exists

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
SENDER_DOMAINS = ("rendezvous.bench", "example.com")  # verified; acme.example is the organisation's own


CALLS = install()


class Recruiter:
    """The app through the Chalice test client, as one recruiter at the pinned instant."""

    def __init__(self, client: Any, org: str = "acme") -> None:
        from chalicelib.api.auth import default_dev_claims, dev_token

        self.client = client
        self.org = org
        self.token = dev_token(default_dev_claims(org=org), NOW)

    def request(self, method: str, path: str, body: Any = None, form: str | None = None) -> Any:
        headers = {"x-rendezvous-now": NOW.isoformat()}
        if form is not None:
            headers["content-type"] = "application/x-www-form-urlencoded"
            data: str | None = form
        else:
            headers["authorization"] = f"Bearer {self.token}"
            headers["content-type"] = "application/json"
            data = json.dumps(body) if body is not None else None
        return self.client.http.request(method, path, headers=headers, body=data)

    def call(self, method: str, path: str, body: Any = None, expect: int = 200) -> Any:
        response = self.request(method, path, body)
        if response.status_code != expect:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.body[:500]!r}")
        return json.loads(response.body)


def check_counter() -> None:
    """The hook must see PynamoDB's calls: one GetItem is exactly one call."""
    from chalicelib.store.models import Vacancy

    with CALLS.record() as calls, suppress(Vacancy.DoesNotExist):
        Vacancy.get("acme", "no-such-vacancy")
    if calls.names != ["GetItem"]:
        raise RuntimeError(f"the DynamoDB call counter is not reliable: one Model.get() counted as {calls.names}")


@contextmanager
def embedded_app(org: str = "acme") -> Iterator[Recruiter]:
    """A fresh moto with everything provisioned, and the app on it."""
    with mock_aws():
        from chalicelib.local import provision

        provision(verified_domains=SENDER_DOMAINS, sender_domains={"acme.example": org})
        from chalicelib.store import organisations

        organisations.forget_settings()  # a fresh moto: what an earlier run read is gone
        organisations.save_settings(org, {"sender_domains": ["acme.example"]}, "operator", NOW)
        check_counter()
        from chalice.test import Client

        import app as application

        with Client(application.app, stage_name="local", project_dir=str(ROOT)) as client:
            yield Recruiter(client, org)


def goal_line(text: str, value: float, goal: float, unit: str = "") -> str:
    verdict = "" if value <= goal else ", MISSED"
    return f"{text}: {value:g}{unit} (goal <= {goal:g}{verdict})"


def interview_item(
    org: str,
    number: int,
    start_utc: datetime,
    type_: str,
    reminder: dict[str, Any],
    applicant_id: str,
    vacancy_id: str = "vac_bench",
) -> Any:
    """One interview as the invitation writes it (index keys derived by the store), for seeding in bulk."""
    from chalicelib.domain.schedule import local
    from chalicelib.store.interviews import set_derived_keys
    from chalicelib.store.models import Interview

    timezone = "Europe/Oslo"
    interview = Interview(
        org,
        f"int_bench_{number:06d}",
        applicant_id=applicant_id,
        applicant_name=f"Bench Person{number}",
        applicant_first_name="Bench",
        applicant_last_name=f"Person{number}",
        applicant_language="nb",
        applicant_email=f"bench{number}@example.com",
        applicant_mobile="+4791234567",
        vacancy_id=vacancy_id,
        vacancy_title="Bench vacancy",
        type=type_,
        start_utc=start_utc,
        local_start=local(start_utc, timezone).strftime("%Y-%m-%dT%H:%M"),
        timezone=timezone,
        duration_minutes=45,
        location="Oslo",
        attendees=[],
        confirmation="pending",
        reminder=reminder,
        invitation={"from": "recruiter@acme.example"},
        created_at=NOW,
        updated_at=NOW,
        version=1,
    )
    set_derived_keys(interview)
    return interview


def save_all(items: list[Any]) -> None:
    """BatchWriteItem, 25 at a time: seeding is not what is measured."""
    if not items:
        return
    with type(items[0]).batch_write() as batch:
        for item in items:
            batch.save(item)


def main(benches: list[Any]) -> None:
    """Print each bench's line (or lines)."""
    for bench in benches:
        lines = bench()
        for line in [lines] if isinstance(lines, str) else lines:
            print(line, flush=True)
