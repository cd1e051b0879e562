"""The contract holds under a fuzzer: every operation of /openapi.json, called with what schemathesis makes of it.

Each operation gets `CONTRACT_EXAMPLES` generated requests (valid and invalid ones), sent to the app
in-process as a recruiter at a pinned instant, on a fresh embedded AWS that holds a vacancy, an
applicant, an interview, a document and a rating panel. Most path ids are swapped for those real
ones, so the fuzzer reaches past "not found" into the handlers. Every answer must be documented: no
server error, a status code and a content type the operation declares, headers and a body that
match its schema; and after every successful write, the lists (and a created applicant) still read.
`make test` runs a few examples per operation, the same ones each run; `make fuzz` runs many new
ones and prints how many cases it sent.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import app as application
from chalicelib.api.openapi import document
from tests.support import ApiClient, ChaliceWsgi, applicant, vacancy

EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "5"))
# make fuzz adds schemathesis' coverage phase: the boundary and every-invalid-value cases it derives from
# each schema (a few thousand); make test stays with a few generated cases per operation.
PHASES = os.environ.get("CONTRACT_PHASES", "examples,fuzzing").split(",")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
SENT: Counter[str] = Counter()

schema = schemathesis.openapi.from_dict(document(application.api.operations))
schema.config.phases.update(phases=PHASES)


@pytest.fixture(scope="module", autouse=True)
def report_cases():
    yield
    if SENT:
        print(f"\nschemathesis: {sum(SENT.values())} cases over {len(SENT)} operations")


@pytest.fixture()
def seeded(client):
    """Real ids for the path parameters, and the recruiter they belong to."""
    api = ApiClient(client)
    job = vacancy(api)
    kari = applicant(api, job["id"], mobile="+4791234567", screening_answers={"Driving licence?": "Yes"})
    other = applicant(api, job["id"], "Ola", "Nordmann")
    interview = api.post(
        "/interviews",
        {
            "applicant_ids": [kari["id"]],
            "type": "phone",
            "start": "2026-12-07T10:00",
            "timezone": "Europe/Oslo",
            "duration_minutes": 30,
            "invitation": {"send_email": False},
        },
    )
    assert interview.status == 201, interview
    document_created = api.post(
        f"/applicants/{kari['id']}/documents", {"content_type": "application/pdf", "filename": "cv.pdf", "size": 1000}
    )
    assert document_created.status == 201, document_created
    panel = api.post(
        "/rating-panels",
        {
            "applicant_ids": [other["id"]],
            "reviewers": [{"name": "Anna Berg", "email": "anna@acme.example"}],
            "from": "recruiter@acme.example",
        },
    )
    assert panel.status == 201, panel
    ids = {
        "vacancy_id": job["id"],
        "applicant_id": kari["id"],
        "interview_id": interview.json["interviews"][0]["id"],
        "panel_id": panel.json["id"],
        "document_id": document_created.json["document"]["id"],
    }
    return api, ids


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 20,  # make test: the same cases on every run; make fuzz: new ones each time
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_every_answer_is_documented(case, client, seeded):
    api, ids = seeded
    if case.path_parameters and sum(map(ord, repr(case.query) + repr(case.body))) % 4:  # 3 in 4: the real ids
        case.path_parameters = {name: ids.get(name, value) for name, value in case.path_parameters.items()}
    headers = {"authorization": f"Bearer {api.token}", "x-rendezvous-now": api.now.isoformat()}
    SENT[case.operation.label] += 1
    response = case.call_and_validate(app=ChaliceWsgi(client), headers=headers, checks=CHECKS)
    if case.method.upper() != "GET" and response.status_code < 300:
        # What was written can be read back: a write the store took but cannot return is a failure too.
        reads = ["/applicants", f"/vacancies/{ids['vacancy_id']}/applicants", "/interviews", "/rating-panels"]
        content_type = " ".join(v for k, vs in response.headers.items() if k.lower() == "content-type" for v in vs)
        created = response.json() if "json" in content_type else {}
        if isinstance(created, dict) and str(created.get("id", "")).startswith("apl_"):
            reads.append(f"/applicants/{created['id']}")
        for path in reads:
            read = api.get(path)
            assert read.status == 200, f"GET {path} after {case.operation.label}: {read}"
