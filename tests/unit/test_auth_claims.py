"""Who is calling: the claims API Gateway's Cognito authorizer verified (Cognito's own attributes win,
only an ID token of our client and pool), dev tokens stay local, failures say little."""

from __future__ import annotations

from datetime import UTC, datetime

import jwt
import pytest

from chalicelib.api import auth
from chalicelib.domain.errors import UnauthorizedError

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
ISSUER = "https://cognito-idp.eu-north-1.amazonaws.com/eu-north-1_pool"


@pytest.fixture(autouse=True)
def cognito(monkeypatch):
    monkeypatch.setenv("RENDEZVOUS_AUTH", "cognito")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-north-1")
    monkeypatch.setenv("COGNITO_USER_POOL_ID", "eu-north-1_pool")
    monkeypatch.setenv("COGNITO_CLIENT_ID", "client")


def verified(**claims) -> dict:
    """The request context as API Gateway hands it on once its authorizer accepted an ID token: every
    claim a string, the times as dates."""
    base = {
        "sub": "user-1",
        "iss": ISSUER,
        "aud": "client",
        "token_use": "id",
        "email": "kari@acme.example",
        "exp": "Fri Nov 20 10:00:00 UTC 2026",
        "iat": "Fri Nov 20 09:00:00 UTC 2026",
    }
    return {"authorizer": {"claims": {**base, **claims}}}


def test_cognito_s_custom_org_wins_over_a_top_level_org():
    recruiter = auth.recruiter_from_authorizer(verified(**{"custom:org": "acme", "org": "other"}), NOW)
    assert recruiter.org == "acme" and recruiter.email == "kari@acme.example" and recruiter.user_id == "user-1"


def test_a_token_with_only_a_top_level_org_is_refused():
    with pytest.raises(UnauthorizedError, match="no organisation"):
        auth.recruiter_from_authorizer(verified(org="acme"), NOW)


@pytest.mark.parametrize("groups", ["admins", "[admins, planners]", "planners,admins", ["admins"]])
def test_admins_are_the_cognito_group_admins_however_the_gateway_writes_the_groups(groups):
    admin = auth.recruiter_from_authorizer(verified(**{"custom:org": "acme", "cognito:groups": groups}), NOW)
    assert admin.admin is True


def test_admin_is_not_a_claim_of_its_own_and_not_a_group_that_merely_contains_the_word():
    claimed = auth.recruiter_from_authorizer(verified(**{"custom:org": "acme", "admin": "true"}), NOW)
    assert claimed.admin is False
    other = auth.recruiter_from_authorizer(verified(**{"custom:org": "acme", "cognito:groups": "[not-admins]"}), NOW)
    assert other.admin is False


def test_sms_access_is_cognito_s_attribute_only():
    assert auth.recruiter_from_authorizer(verified(**{"custom:org": "acme", "sms": "true"}), NOW).sms is False
    assert auth.recruiter_from_authorizer(verified(**{"custom:org": "acme", "custom:sms": "true"}), NOW).sms is True


@pytest.mark.parametrize(
    "wrong",
    [
        {"aud": "another-app-client"},  # the authorizer accepts any client of the pool
        {"iss": "https://cognito-idp.eu-north-1.amazonaws.com/eu-north-1_other"},
        {"token_use": "access"},
        {"sub": ""},
    ],
)
def test_claims_of_another_client_pool_or_use_say_only_that_the_token_is_not_valid(wrong):
    with pytest.raises(UnauthorizedError) as raised:
        auth.recruiter_from_authorizer(verified(**{"custom:org": "acme", **wrong}), NOW)
    assert raised.value.detail == "The token is not valid."


@pytest.mark.parametrize("context", [None, {}, {"authorizer": {}}, {"authorizer": {"claims": {}}}])
def test_a_route_reached_without_the_authorizer_is_refused_and_the_operator_told(context, caplog):
    with pytest.raises(UnauthorizedError):
        auth.recruiter_from_authorizer(context, NOW)
    assert "without the Cognito authorizer" in caplog.text


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_dev_tokens_are_refused_outside_the_local_stage(monkeypatch, stage):
    monkeypatch.setenv("RENDEZVOUS_AUTH", "dev")
    monkeypatch.setenv("RENDEZVOUS_STAGE", stage)
    token = auth.dev_token(auth.default_dev_claims(), NOW)
    with pytest.raises(UnauthorizedError, match="local stage"):
        auth.recruiter_from_header(f"Bearer {token}", NOW)


def test_a_dev_token_signed_with_another_key_says_only_that_it_is_not_valid(monkeypatch):
    monkeypatch.setenv("RENDEZVOUS_AUTH", "dev")
    monkeypatch.setenv("RENDEZVOUS_STAGE", "local")
    forged = jwt.encode({"sub": "x", "org": "acme", "exp": 4102444800}, "another-key-entirely-32-bytes-long", "HS256")
    with pytest.raises(UnauthorizedError) as raised:
        auth.recruiter_from_header(f"Bearer {forged}", NOW)
    assert raised.value.detail == "The token is not valid."
