"""How many DynamoDB requests a bulk recruitment action costs per applicant (goal: at most 2).

Runs the app in-process on moto: creates a vacancy with 100 applicants, then rejects them
all with one `POST /applicants/actions` through the Chalice test client, counting every
DynamoDB call PynamoDB makes during that request with a botocore `before-call` hook.

    python scripts/bench_actions.py        # prints the one line
    from scripts.bench_actions import bench_bulk_action_requests   # what scripts/bench.py calls
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
APPLICANTS = 100
GOAL = 2.0
ORG = "bench-actions"

_ENVIRONMENT = {
    "AWS_DEFAULT_REGION": "eu-north-1",
    "RENDEZVOUS_TABLE_PREFIX": "rendezvous-bench",
    "RENDEZVOUS_AUTH": "dev",
}


def bench_bulk_action_requests() -> str:
    """One line: DynamoDB requests per applicant for a bulk `reject` of 100 applicants."""
    counts = count_bulk_action("reject", rejection_type="position_filled")
    per_applicant = sum(counts.values()) / APPLICANTS
    return f"bulk action on {APPLICANTS} applicants: {per_applicant:.2f} DynamoDB requests per applicant (goal <= 2)"


def count_bulk_action(
    action: str, first: tuple[str, ...] = (), applicants: int = APPLICANTS, **fields: Any
) -> Counter[str]:
    """DynamoDB calls by operation for `action` on fresh applicants (after the `first` actions, uncounted)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    for name, value in _ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    from moto import mock_aws

    with _without("AWS_ENDPOINT_URL", "AWS_PROFILE"), mock_aws():
        from chalice.test import Client

        import app as application
        from chalicelib.files import s3
        from chalicelib.local import create_documents_bucket
        from chalicelib.store.tables import create_all

        create_all()
        s3.reset()
        create_documents_bucket(os.environ["AWS_DEFAULT_REGION"])  # purge looks for the applicants' files
        with Client(application.app, stage_name="local", project_dir=str(ROOT)) as client:
            call = _caller(client)
            vacancy = call("POST", "/vacancies", {"title": "Bench vacancy"})
            ids = _add_applicants(vacancy["id"], applicants)
            for earlier in first:
                call("POST", "/applicants/actions", {"action": earlier, "applicant_ids": ids})
            body = {"action": action, "applicant_ids": ids, **fields}
            with _dynamodb_calls() as counts:
                results = call("POST", "/applicants/actions", body)["results"]
    failed = [result for result in results if not result["ok"]]
    if failed:
        raise RuntimeError(f"the bulk action failed for {len(failed)} applicants, e.g. {failed[0]}")
    return counts


def _add_applicants(vacancy_id: str, count: int) -> list[str]:
    """The applicants, written in batches: setting up is not what is measured."""
    from datetime import UTC, datetime

    from chalicelib.domain.ids import new_id
    from chalicelib.services.applicants import history_event
    from chalicelib.store import applicants as store
    from chalicelib.store.models import Applicant

    now = datetime.now(UTC)
    ids = [new_id("apl", now) for _ in range(count)]
    with Applicant.batch_write() as batch:
        for number, applicant_id in enumerate(ids):
            batch.save(
                store.new(
                    ORG,
                    applicant_id,
                    vacancy_id,
                    now,
                    first_name="Bench",
                    last_name=f"Applicant {number}",
                    email=f"bench{number}@example.com",
                    history=[history_event(now, "bench", "received", vacancy_id=vacancy_id)],
                )
            )
    return ids


def _caller(client: Any) -> Any:
    from datetime import UTC, datetime

    from chalicelib.api.auth import default_dev_claims, dev_token

    headers = {
        "authorization": f"Bearer {dev_token(default_dev_claims(org=ORG), datetime.now(UTC))}",
        "content-type": "application/json",
    }

    def call(method: str, path: str, body: dict[str, Any]) -> Any:
        response = client.http.request(method, path, headers=headers, body=json.dumps(body))
        if response.status_code >= 300:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.body[:300]!r}")
        return json.loads(response.body)

    return call


@contextmanager
def _dynamodb_calls() -> Iterator[Counter[str]]:
    """Counts DynamoDB API calls by operation on every botocore client PynamoDB uses (models and transactions)."""
    from chalicelib.store import actions as action_store
    from chalicelib.store.models import ALL_MODELS

    counts: Counter[str] = Counter()

    def count(model: Any, **_: Any) -> None:
        counts[model.name] += 1

    clients = {id(client): client for client in _pynamodb_clients(ALL_MODELS, action_store.connection())}
    for client in clients.values():
        client.meta.events.register("before-call.dynamodb", count, unique_id="bench-actions-count")
    try:
        yield counts
    finally:
        for client in clients.values():
            client.meta.events.unregister("before-call.dynamodb", unique_id="bench-actions-count")


def _pynamodb_clients(models: Any, transactions: Any) -> Iterator[Any]:
    for model in models:
        yield model._get_connection().connection.client  # the botocore client PynamoDB caches per model
    yield transactions.client


@contextmanager
def _without(*names: str) -> Iterator[None]:
    """The embedded AWS answers only requests to AWS's own endpoints: drop a local endpoint while benching."""
    saved = {name: os.environ.pop(name) for name in names if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


if __name__ == "__main__":
    print(bench_bulk_action_requests())
