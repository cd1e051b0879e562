import pytest

from chalicelib.domain import cursors
from chalicelib.domain.errors import InvalidInputError

SECRET = b"test-secret"
KEY = {"org": {"S": "acme"}, "vacancy_id": {"S": "vac_1"}}


def test_a_cursor_round_trips_for_the_same_org_and_list():
    token = cursors.encode(SECRET, "acme", "vacancies", KEY)
    assert cursors.decode(SECRET, "acme", "vacancies", token) == KEY


def test_no_position_means_no_cursor():
    assert cursors.encode(SECRET, "acme", "vacancies", None) is None
    assert cursors.decode(SECRET, "acme", "vacancies", None) is None


@pytest.mark.parametrize(
    ("org", "scope"), [("other-org", "vacancies"), ("acme", "applicants")], ids=["other org", "other list"]
)
def test_a_cursor_cannot_be_used_elsewhere(org, scope):
    token = cursors.encode(SECRET, "acme", "vacancies", KEY)
    with pytest.raises(InvalidInputError):
        cursors.decode(SECRET, org, scope, token)


def test_a_forged_cursor_is_refused():
    token = cursors.encode(SECRET, "acme", "vacancies", KEY)
    forged = cursors.encode(b"another-secret", "acme", "vacancies", {"org": {"S": "victim"}})
    assert token != forged
    with pytest.raises(InvalidInputError):
        cursors.decode(SECRET, "acme", "vacancies", forged)
    with pytest.raises(InvalidInputError):
        cursors.decode(SECRET, "acme", "vacancies", "not-base64!!")


@pytest.mark.parametrize("position", [{"org": "acme"}, {"org": {"B": "x"}}, {"org": {"S": 1}}])
def test_a_signed_cursor_with_a_position_that_is_no_key_is_refused(position):
    """Even with the secret leaked, a cursor cannot feed DynamoDB a position that is not a key."""
    with pytest.raises(InvalidInputError):
        cursors.decode(SECRET, "acme", "vacancies", cursors.encode(SECRET, "acme", "vacancies", position))


def test_a_deployed_stage_has_no_default_cursor_secret(monkeypatch):
    from chalicelib import config

    monkeypatch.delenv("RENDEZVOUS_CURSOR_SECRET", raising=False)
    monkeypatch.setenv("RENDEZVOUS_AUTH", "cognito")
    with pytest.raises(RuntimeError):
        config.cursor_secret()
    monkeypatch.setenv("RENDEZVOUS_CURSOR_SECRET", "from-secrets-manager")
    assert config.cursor_secret() == b"from-secrets-manager"
