"""`make run` prints each request as the one JSON log line CloudWatch would get, and answers unknown routes."""

from __future__ import annotations

import json
import time
from urllib.error import HTTPError
from urllib.request import Request, urlopen


def request_lines(log_text: str) -> list[dict]:
    lines = []
    for line in log_text.splitlines():
        if line.startswith("{") and '"message":"request"' in line:
            lines.append(json.loads(line))
    return lines


def test_a_request_is_one_json_line_carrying_the_correlation_id_it_answered(local_api):
    with urlopen(Request(f"{local_api.base}/health/ready"), timeout=10) as response:
        assert response.status == 200
        correlation_id = response.headers["X-Correlation-Id"]
        assert json.loads(response.read())["status"] == "ready"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        mine = [line for line in request_lines(local_api.log.read_text()) if line["correlation_id"] == correlation_id]
        if mine:
            break
        time.sleep(0.2)
    (line,) = mine
    assert (line["method"], line["route"], line["status"], line["stage"]) == ("GET", "/health/ready", 200, "local")


def test_an_unknown_path_is_a_404_problem_and_an_unknown_method_a_405(local_api):
    for method, path, status in (("GET", "/no/such/route", 404), ("PUT", "/vacancies", 405)):
        try:
            urlopen(Request(f"{local_api.base}{path}", method=method, data=b"{}" if method == "PUT" else None))
        except HTTPError as error:
            assert error.code == status
            assert error.headers["Content-Type"] == "application/problem+json"
            assert json.loads(error.read())["title"]
        else:
            raise AssertionError(f"{method} {path} answered 2xx")
