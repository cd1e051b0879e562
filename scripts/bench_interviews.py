"""DynamoDB requests per operation of the invitation and answer flows (issue 3, "Measured").

Each figure drives the app through the Chalice test client against moto in this
process, with the request clock pinned, and counts the DynamoDB API calls the
operation makes (scripts/benchkit.py). Run alone: `.venv/bin/python scripts/bench_interviews.py`.
"""

from __future__ import annotations

import email
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from itertools import groupby
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchkit import CALLS, Recruiter, embedded_app

START = "2026-12-07T10:00"  # a Monday, 17 days after NOW
LINK = re.compile(r"https://rendezvous\.bench/confirm/([A-Za-z0-9_-]+)")


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
    vacancy = recruiter.call("POST", "/vacancies", {"title": "Backend developer", "location": "Oslo"}, expect=201)
    return [
        recruiter.call(
            "POST",
            f"/vacancies/{vacancy['id']}/applicants",
            {
                "first_name": f"Kari{number}",
                "last_name": "Nordmann",
                "email": f"kari{number}@example.com",
                "language": "nb" if number % 2 else "en",
            },
            expect=201,
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
    recruiter.call("POST", "/interviews", invite_body(applicants(recruiter, 1)), expect=201)
    (token,) = sent_links()
    return token


def measure_confirm_get() -> Measurement:
    with embedded_app() as recruiter:
        token = invited(recruiter)
        with CALLS.record() as calls:
            response = recruiter.request("GET", f"/confirm/{token}")
        assert response.status_code == 200, (response.status_code, response.body[:500])
    return Measurement("confirm GET", calls.names, 2)


def measure_confirm_post() -> Measurement:
    with embedded_app() as recruiter:
        token = invited(recruiter)
        with CALLS.record() as calls:
            response = recruiter.request("POST", f"/confirm/{token}", form="answer=accept")
        assert response.status_code == 200, (response.status_code, response.body[:500])
    return Measurement("confirm POST", calls.names, 3)


def measure_invite(count: int = 50) -> Measurement:
    with embedded_app() as recruiter:
        ids = applicants(recruiter, count)
        with CALLS.record() as calls:
            created = recruiter.call("POST", "/interviews", invite_body(ids), expect=201)
        assert len(created["interviews"]) == count, created
        assert len(sent_links()) == count
    return Measurement(f"invite of {count} applicants (one POST /interviews)", calls.names, count + 3)


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
