"""Every test runs against moto: the environment is set before the app is imported."""

from __future__ import annotations

import os

os.environ.update(
    {
        "AWS_DEFAULT_REGION": "eu-north-1",
        "AWS_REGION": "eu-north-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SECURITY_TOKEN": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "RENDEZVOUS_TABLE_PREFIX": "rendezvous-test",
        "RENDEZVOUS_DEV_ROUTES": "1",
        "RENDEZVOUS_AUTH": "dev",
        "PUBLIC_BASE_URL": "https://rendezvous.test",
        "FRONTEND_BASE_URL": "https://app.rendezvous.test",
        "MAIL_FROM": "no-reply@rendezvous.test",
    }
)
for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "RENDEZVOUS_OUTBOX_URL"):
    os.environ.pop(name, None)

import pytest  # noqa: E402
from moto import mock_aws  # noqa: E402

from scripts.dynamocalls import install  # noqa: E402 - before any botocore session exists
from scripts.local_gateway import answer_unknown_paths_with_404  # noqa: E402

answer_unknown_paths_with_404()  # the test client's gateway answers as ours does in AWS
_CALLS = install()
_MOCK = mock_aws()
_MOCK.start()


@pytest.fixture()
def dynamodb_calls():
    """Counts the DynamoDB requests made inside `with dynamodb_calls.record() as calls:`."""
    return _CALLS


@pytest.fixture()
def aws():
    """A fresh embedded AWS with every table, the reminder queue and verified senders."""
    _MOCK.reset()
    from chalicelib.store.organisations import forget_settings
    from tests.support import provision

    forget_settings()

    provision()
    yield
    _MOCK.reset()


@pytest.fixture()
def client(aws):
    from chalice.test import Client

    import app as application

    with Client(application.app, stage_name="local") as test_client:
        yield test_client


@pytest.fixture()
def api(client):
    from tests.support import ApiClient

    return ApiClient(client)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under `pytest -n` (make test), the tests sharing a costly session fixture stay on one worker:
    tests/infra packages the bundle once, the e2e tests on `local_api` share one local runner (the
    others, which start their own or none, go wherever there is room)."""
    for item in items:
        folder = item.path.parent.name
        if folder == "infra" or (folder == "e2e" and "local_api" in getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group(folder))
