"""Who is calling: Cognito's own attributes win, dev tokens stay local, failures say little."""

from __future__ import annotations

from datetime import UTC, datetime

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from chalicelib.api import auth
from chalicelib.domain.errors import UnauthorizedError

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeJwks:
    def get_signing_key_from_jwt(self, token):
        return type("SigningKey", (), {"key": KEY.public_key()})()


@pytest.fixture()
def cognito(monkeypatch):
    monkeypatch.setenv("RENDEZVOUS_AUTH", "cognito")
    monkeypatch.setenv("COGNITO_USER_POOL_ID", "eu-north-1_pool")
    monkeypatch.setenv("COGNITO_CLIENT_ID", "client")
    monkeypatch.setattr(auth, "_JWKS_CLIENT", FakeJwks())


def id_token(**claims) -> str:
    payload = {
        "sub": "user-1",
        "iss": "https://cognito-idp.eu-north-1.amazonaws.com/eu-north-1_pool",
        "aud": "client",
        "exp": int(NOW.timestamp()) + 3600,
        **claims,
    }
    return jwt.encode(payload, KEY, algorithm="RS256")


def test_cognito_s_custom_org_wins_over_a_top_level_org(cognito):
    recruiter = auth.recruiter_from_header(f"Bearer {id_token(**{'custom:org': 'acme', 'org': 'other'})}", NOW)
    assert recruiter.org == "acme"


def test_a_cognito_token_with_only_a_top_level_org_is_refused(cognito):
    with pytest.raises(UnauthorizedError):
        auth.recruiter_from_header(f"Bearer {id_token(org='acme')}", NOW)


def test_admins_are_the_cognito_group_admins(cognito):
    admin = auth.recruiter_from_header(
        f"Bearer {id_token(**{'custom:org': 'acme', 'cognito:groups': ['admins']})}", NOW
    )
    assert admin.admin is True
    claimed = auth.recruiter_from_header(f"Bearer {id_token(**{'custom:org': 'acme', 'admin': True})}", NOW)
    assert claimed.admin is False


def test_sms_access_is_cognito_s_attribute_only(cognito):
    token = id_token(**{"custom:org": "acme", "sms": True})
    assert auth.recruiter_from_header(f"Bearer {token}", NOW).sms is False
    token = id_token(**{"custom:org": "acme", "custom:sms": "true"})
    assert auth.recruiter_from_header(f"Bearer {token}", NOW).sms is True


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_dev_tokens_are_refused_outside_the_local_stage(monkeypatch, stage):
    monkeypatch.setenv("RENDEZVOUS_AUTH", "dev")
    monkeypatch.setenv("RENDEZVOUS_STAGE", stage)
    token = auth.dev_token(auth.default_dev_claims(), NOW)
    with pytest.raises(UnauthorizedError, match="local stage"):
        auth.recruiter_from_header(f"Bearer {token}", NOW)


def test_a_bad_signature_says_only_that_the_token_is_not_valid(cognito):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode({"sub": "x", "custom:org": "acme", "exp": 4102444800}, other, algorithm="RS256")
    with pytest.raises(UnauthorizedError) as raised:
        auth.recruiter_from_header(f"Bearer {forged}", NOW)
    assert raised.value.detail == "The token is not valid."
