"""End to end: a web front end on another origin uses the API from a real browser (CORS), and /docs works.

The local runner serves the API on http://127.0.0.1:<port>. A small page is served from a second
origin, http://localhost:<other port>, which the local stage allows, and its script calls the API
with `fetch` in headless Chromium, as a front end would: a POST with a bearer token and JSON, a 422
whose problem+json it reads, a PATCH with If-Match. The same page from http://127.0.0.2:<port>, an
origin the stage does not allow, is blocked by the browser.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.e2e.conftest import free_port

WAIT_SECONDS = 30
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Front end</title></head>
<body><p id="ready">ready</p></body></html>
"""
# Run in the page with execute_async_script: the front end's calls, reporting what the page could read.
FRONT_END_SCRIPT = """
const [base, token, start, done] = arguments;
const json = {"authorization": "Bearer " + token, "content-type": "application/json"};
const read = async (response) => ({
  status: response.status,
  type: response.headers.get("content-type"),
  correlation: response.headers.get("x-correlation-id"),
  body: await response.json(),
});
(async () => {
  const result = {};
  const vacancy = await read(await fetch(base + "/vacancies", {
    method: "POST", headers: json, body: JSON.stringify({title: "Front-end developer", location: "Bergen"})}));
  result.vacancy = vacancy;
  result.invalid = await read(await fetch(base + "/vacancies", {
    method: "POST", headers: json, body: JSON.stringify({title: ""})}));
  const applicant = await read(await fetch(base + "/vacancies/" + vacancy.body.id + "/applicants", {
    method: "POST", headers: json,
    body: JSON.stringify({first_name: "Ola", last_name: "Nordmann", email: "ola@example.com", language: "nb"})}));
  const created = await read(await fetch(base + "/interviews", {
    method: "POST", headers: json, body: JSON.stringify({
      applicant_ids: [applicant.body.id], type: "phone", start: start, timezone: "Europe/Oslo",
      duration_minutes: 30, invitation: {send_email: false}})}));
  const id = created.body.interviews[0].id;
  result.patched = await read(await fetch(base + "/interviews/" + id, {
    method: "PATCH", headers: {...json, "if-match": '"1"'}, body: JSON.stringify({location: "Bryggen 1"})}));
  result.stale = await read(await fetch(base + "/interviews/" + id, {
    method: "PATCH", headers: {...json, "if-match": '"1"'}, body: JSON.stringify({location: "Bryggen 2"})}));
  return result;
})().then(done, (error) => done({error: String(error)}));
"""
BLOCKED_SCRIPT = """
const [base, token, done] = arguments;
fetch(base + "/vacancies", {
  method: "POST",
  headers: {"authorization": "Bearer " + token, "content-type": "application/json"},
  body: JSON.stringify({title: "Should not be read"}),
}).then((response) => done({status: response.status}), (error) => done({blocked: error.name}));
"""


@contextlib.contextmanager
def static_site(directory: Path, host: str) -> Iterator[str]:
    """A second origin serving `directory`, as a front end's own web server would."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(directory))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = ThreadingHTTPServer((host, free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host if host != '127.0.0.1' else 'localhost'}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text(PAGE)
    return tmp_path


def open_page(browser, url: str) -> None:
    browser.get(url + "/index.html")
    WebDriverWait(browser, WAIT_SECONDS).until(expected_conditions.presence_of_element_located((By.ID, "ready")))


def test_a_front_end_on_another_origin_uses_the_api_with_fetch(local_api, browser, site):
    # GIVEN a recruiter's token and the front end's page on http://localhost:<port>
    org = f"e2e-{uuid.uuid4().hex[:8]}"
    token = local_api.call("POST", "/dev/token", {"org": org}, auth=False)["token"]
    start = (datetime.now(ZoneInfo("Europe/Oslo")) + timedelta(days=5)).strftime("%Y-%m-%dT10:00")
    with static_site(site, "127.0.0.1") as origin:
        assert origin.startswith("http://localhost:") and origin != local_api.base
        open_page(browser, origin)

        # WHEN its script calls the API across origins
        browser.set_script_timeout(WAIT_SECONDS)
        result = browser.execute_async_script(FRONT_END_SCRIPT, local_api.base, token, start)

    # THEN the browser let the page read every answer, errors included
    assert "error" not in result, result
    assert result["vacancy"]["status"] == 201
    assert result["vacancy"]["body"]["title"] == "Front-end developer"
    assert result["vacancy"]["correlation"]  # an exposed header
    assert result["invalid"]["status"] == 422
    assert result["invalid"]["type"] == "application/problem+json"
    assert result["invalid"]["body"]["errors"][0]["field"] == "title"
    assert result["patched"]["status"] == 200, result["patched"]
    assert result["patched"]["body"]["location"] == "Bryggen 1"
    assert result["stale"]["status"] == 409
    assert result["stale"]["type"] == "application/problem+json"


def test_a_page_from_an_origin_not_allowed_is_blocked(local_api, browser, site):
    # GIVEN the same page served from http://127.0.0.2:<port>, which the local stage does not allow
    token = local_api.call("POST", "/dev/token", {"org": f"e2e-{uuid.uuid4().hex[:8]}"}, auth=False)["token"]
    with static_site(site, "127.0.0.2") as origin:
        open_page(browser, origin)
        browser.set_script_timeout(WAIT_SECONDS)
        # WHEN it tries to call the API THEN the browser refuses it the answer
        assert browser.execute_async_script(BLOCKED_SCRIPT, local_api.base, token) == {"blocked": "TypeError"}
    vacancies = local_api.request("GET", "/vacancies", auth=False)
    assert vacancies[0] == 401  # (the preflight failed, so the POST itself was never sent)
    local_api.token = token
    assert local_api.call("GET", "/vacancies")["items"] == []


def test_the_api_reference_renders_every_operation_offline(local_api, browser):
    browser.get(local_api.base + "/docs")
    WebDriverWait(browser, WAIT_SECONDS).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".opblock"))
    )
    paths = {
        element.get_attribute("data-path")
        for element in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
    }
    spec = local_api.call("GET", "/openapi.json", auth=False)
    assert set(spec["paths"]) <= paths
