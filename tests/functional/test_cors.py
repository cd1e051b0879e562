"""A browser front end on another origin can call every route, and only allowed origins can read the answers."""

from __future__ import annotations

import pytest

from chalicelib.api import cors

FRONT_END = "http://localhost:5173"


def preflight(client, path, origin, method="POST", headers="authorization, content-type"):
    request_headers = {"origin": origin, "access-control-request-method": method}
    if headers:
        request_headers["access-control-request-headers"] = headers
    response = client.http.request("OPTIONS", path, headers=request_headers)
    return response.status_code, {key.lower(): value for key, value in response.headers.items()}


def test_a_local_front_end_s_preflight_is_allowed_with_every_header_it_sends(client):
    status, headers = preflight(client, "/vacancies", FRONT_END)
    assert status == 204
    assert headers["access-control-allow-origin"] == FRONT_END
    assert set(headers["access-control-allow-methods"].split(", ")) == {"GET", "POST", "OPTIONS"}
    allowed = {name.lower() for name in headers["access-control-allow-headers"].split(", ")}
    assert allowed == {"authorization", "content-type", "if-match", "idempotency-key", "x-correlation-id"}
    assert "origin" in headers["vary"].lower()


@pytest.mark.parametrize(
    ("path", "methods"),
    [
        ("/interviews/int_1", {"GET", "PATCH", "DELETE", "OPTIONS"}),
        ("/applicants/apl_1/letters/rejected", {"GET", "OPTIONS"}),
        ("/confirm/some-token", {"GET", "POST", "OPTIONS"}),
    ],
)
def test_every_path_answers_its_preflight_with_its_own_methods(client, path, methods):
    status, headers = preflight(client, path, "http://127.0.0.1:3000", method="GET")
    assert status == 204
    assert set(headers["access-control-allow-methods"].split(", ")) == methods


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "http://localhost.evil.example", "null", "https://localhost:5173"]
)
def test_an_origin_not_allowed_gets_no_cors_headers(client, api, origin):
    status, headers = preflight(client, "/vacancies", origin)
    assert status == 204
    assert not [name for name in headers if name.startswith("access-control-")]
    answer = api.get("/vacancies", headers={"origin": origin})
    assert answer.status == 200
    assert not [name for name in answer.headers if name.startswith("access-control-")]


def test_answers_and_errors_carry_cors_headers_and_expose_what_a_front_end_reads(api):
    created = api.post("/vacancies", {"title": "Nurse"}, headers={"origin": FRONT_END})
    invalid = api.post("/vacancies", {"title": ""}, headers={"origin": FRONT_END})
    anonymous = api.get("/vacancies", auth=False, headers={"origin": FRONT_END})
    for response, status in ((created, 201), (invalid, 422), (anonymous, 401)):
        assert response.status == status, response
        assert response.headers["access-control-allow-origin"] == FRONT_END
        exposed = {name.strip() for name in response.headers["access-control-expose-headers"].split(",")}
        assert {"ETag", "Location", "X-Correlation-Id", "Retry-After"} <= exposed
        assert "access-control-allow-credentials" not in response.headers  # bearer tokens, never cookies


def test_a_deployed_stage_allows_exactly_its_front_end_origins(monkeypatch):
    """Deployed stages run without the /dev routes, and allow only FRONTEND_ORIGINS, exactly."""
    monkeypatch.delenv("RENDEZVOUS_DEV_ROUTES")
    monkeypatch.setenv("FRONTEND_ORIGINS", "https://ats.acme.example, https://beta.acme.example/")
    for origin in ("https://ats.acme.example", "https://beta.acme.example"):
        headers: dict[str, str] = {}
        cors.apply(origin, headers)
        assert headers["Access-Control-Allow-Origin"] == origin
    for origin in (FRONT_END, "https://ats.acme.example.evil.example", "http://ats.acme.example"):
        headers = {}
        cors.apply(origin, headers)
        assert headers == {"Vary": "Origin"}
