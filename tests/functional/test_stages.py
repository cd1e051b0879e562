"""The /dev routes exist only when the local runner enables them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LIST_ROUTES = "import json, app; print(json.dumps(sorted(app.app.routes)))"


def routes_with(env_changes: dict[str, str | None]) -> list[str]:
    env = {**os.environ}
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    output = subprocess.run(
        [sys.executable, "-c", LIST_ROUTES], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output)


def test_a_deployed_stage_registers_no_dev_routes():
    routes = routes_with({"RENDEZVOUS_DEV_ROUTES": None, "RENDEZVOUS_STAGE": "prod"})
    assert "/vacancies" in routes
    assert not [route for route in routes if route.startswith("/dev")]


def test_the_local_runner_enables_the_dev_routes():
    routes = routes_with({"RENDEZVOUS_DEV_ROUTES": "1"})
    assert {"/dev/token", "/dev/outbox", "/dev/outbox.html", "/dev/reminders/run"} <= set(routes)


def test_the_pinned_clock_header_is_ignored_outside_the_local_stage(monkeypatch):
    from chalicelib.api.web import request_instant

    class Raw:
        headers = {"x-rendezvous-now": "2001-01-01T00:00:00Z"}
        context = {"requestTimeEpoch": 1795000000000}

    monkeypatch.delenv("RENDEZVOUS_DEV_ROUTES")
    assert request_instant(Raw()).year == 2026
    monkeypatch.setenv("RENDEZVOUS_DEV_ROUTES", "1")
    assert request_instant(Raw()).year == 2001
