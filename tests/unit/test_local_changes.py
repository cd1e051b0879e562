"""The local runner saves its data after requests that may change something, not after reads."""

from __future__ import annotations

import pytest

from scripts.local_state import ChangeTracker


def environ(method: str = "POST", target: str = "", access_key: str = "local") -> dict[str, str]:
    return {
        "REQUEST_METHOD": method,
        "HTTP_X_AMZ_TARGET": target,
        "HTTP_AUTHORIZATION": f"AWS4-HMAC-SHA256 Credential={access_key}/20261203/eu-north-1/dynamodb/aws4_request",
    }


@pytest.mark.parametrize(
    "request_environ",
    [
        environ(target="DynamoDB_20120810.PutItem"),
        environ(target="DynamoDB_20120810.TransactWriteItems"),
        environ(target="DynamoDB_20120810.UpdateItem"),
        environ(method="PUT"),  # an S3 upload
        environ(method="DELETE"),  # an S3 delete
        environ(),  # an SES send, an S3 form upload
    ],
)
def test_writes_and_sends_may_change_something(request_environ):
    assert ChangeTracker.may_change(request_environ)


@pytest.mark.parametrize(
    "request_environ",
    [
        environ(target="DynamoDB_20120810.GetItem"),
        environ(target="DynamoDB_20120810.Query"),
        environ(target="DynamoDB_20120810.BatchGetItem"),
        environ(method="GET"),  # an S3 download
        environ(target="DynamoDB_20120810.PutItem", access_key="snapshot"),  # the snapshot's own requests
    ],
)
def test_reads_and_the_snapshots_own_requests_change_nothing(request_environ):
    assert not ChangeTracker.may_change(request_environ)


def test_the_tracker_notes_a_change_and_passes_the_request_on():
    seen = []
    tracker = ChangeTracker(lambda env, start_response: seen.append(env["REQUEST_METHOD"]) or [b""])
    tracker(environ(target="DynamoDB_20120810.Query"), None)
    assert not tracker.changed.is_set()
    tracker(environ(target="DynamoDB_20120810.PutItem"), None)
    assert tracker.changed.is_set()
    assert seen == ["POST", "POST"]
