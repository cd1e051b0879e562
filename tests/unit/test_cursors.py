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
