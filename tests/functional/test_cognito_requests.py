"""Deployed stages: requests reach the function as API Gateway hands them on once its Cognito authorizer
has verified the ID token, the claims in the request context. The function serves the organisation
those claims name, and nothing to a request that carries no verified claims, whatever its header says."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.support import token

ISSUER = "https://cognito-idp.eu-north-1.amazonaws.com/eu-north-1_pool"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture()
def deployed(aws, monkeypatch):
    monkeypatch.setenv("RENDEZVOUS_AUTH", "cognito")
    monkeypatch.setenv("COGNITO_USER_POOL_ID", "eu-north-1_pool")
    monkeypatch.setenv("COGNITO_CLIENT_ID", "client")
    monkeypatch.setenv("RENDEZVOUS_CURSOR_SECRET", "a-deployed-stage-s-own-cursor-secret")
    import app as application

    return application.app


def claims(org: str, **more: str) -> dict[str, str]:
    return {
        "sub": f"user-of-{org}",
        "iss": ISSUER,
        "aud": "client",
        "token_use": "id",
        "custom:org": org,
        "email": f"kari@{org}.example",
        "exp": "Fri Nov 20 10:00:00 UTC 2026",
        **more,
    }


def call(app, method: str, path: str, verified: dict | None, body: dict | None = None, headers: dict | None = None):
    context = {
        "resourcePath": path,
        "httpMethod": method,
        "path": "/api" + path,
        "stage": "api",
        "requestId": "request-1",
        "requestTimeEpoch": int(NOW.timestamp() * 1000),
        "identity": {"sourceIp": "192.0.2.1"},
    }
    if verified is not None:
        context["authorizer"] = {"claims": verified}
    event = {
        "resource": path,
        "path": path,
        "httpMethod": method,
        "headers": {"accept": "application/json", "content-type": "application/json", **(headers or {})},
        "multiValueHeaders": {},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": None,
        "stageVariables": None,
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
        "requestContext": context,
    }
    response = app(event, None)
    return response["statusCode"], response["headers"], json.loads(response["body"])


def test_the_verified_claims_name_the_recruiter_and_the_organisation(deployed):
    status, _, created = call(deployed, "POST", "/vacancies", claims("acme"), {"title": "Backend developer"})
    assert status == 201, created
    status, _, page = call(deployed, "GET", "/vacancies", claims("acme"))
    assert status == 200 and [vacancy["id"] for vacancy in page["items"]] == [created["id"]]
    status, _, other = call(deployed, "GET", "/vacancies", claims("globex"))
    assert status == 200 and other["items"] == []


def test_a_token_of_another_app_client_of_the_pool_is_refused(deployed):
    status, headers, problem = call(deployed, "GET", "/vacancies", claims("acme", aud="another-client"))
    assert status == 401 and headers["Content-Type"] == "application/problem+json"
    assert problem["detail"] == "The token is not valid."


def test_without_the_authorizer_s_claims_a_valid_development_token_is_not_enough(deployed):
    header = {"authorization": f"Bearer {token(NOW, org='acme')}"}
    status, _, problem = call(deployed, "GET", "/vacancies", None, headers=header)
    assert status == 401 and problem["status"] == 401
