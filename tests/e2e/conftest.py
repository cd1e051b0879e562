"""End-to-end fixtures: the real local runner (`make run`) on a free port, and headless Chromium.

The runner is started exactly as a developer starts it (`scripts/run_local.py`,
its embedded moto server and `chalice local`), in its own process group so that
tearing it down also ends the `chalice local` children it spawned.

Chromium is Debian's `chromium` driven through `chromium-driver` with Selenium;
nothing is downloaded. Without them the browser test is skipped on a developer's
machine, but fails under CI (`CI=true`), where `.ci/run` installs them.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 120
STOP_SECONDS = 15
PHONE = {"width": 390, "height": 844, "pixelRatio": 2}  # an iPhone 12-15 sized viewport
# Settings the functional tests' conftest puts in this process's environment; the runner chooses its own.
INHERITED_SETTINGS = (
    "PUBLIC_BASE_URL",
    "FRONTEND_BASE_URL",
    "MAIL_FROM",
    "SES_CONFIGURATION_SET",
    "SMS_SENDER_ID",
    "REMINDER_QUEUE_NAME",
    "COGNITO_USER_POOL_ID",
    "COGNITO_CLIENT_ID",
)
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> NoReturn:
    """Skip for a developer without a browser; never let CI pass without running the test."""
    if in_ci():
        pytest.fail(f"{reason}: CI must run the end-to-end test (.ci/run installs chromium and chromium-driver)")
    pytest.skip(f"{reason} (install Debian's chromium and chromium-driver to run it)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalApi:
    """JSON over real HTTP to the local runner; the request clock is the wall clock (no X-Rendezvous-Now)."""

    def __init__(self, base: str, log: Path, process: subprocess.Popen | None = None) -> None:
        self.base = base
        self.log = log
        self.process = process
        self.token: str | None = None

    def request(self, method: str, path: str, body: Any = None, auth: bool = True) -> tuple[int, Any]:
        headers = {"accept": "application/json"}
        if auth and self.token:
            headers["authorization"] = f"Bearer {self.token}"
        data = None
        if body is not None:
            headers["content-type"] = "application/json"
            data = json.dumps(body).encode()
        request = Request(self.base + path, data=data, headers=headers, method=method)
        try:
            with urlopen(request, timeout=30) as response:
                status, raw = response.status, response.read()
        except HTTPError as error:
            status, raw = error.code, error.read()
        text = raw.decode()
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def call(self, method: str, path: str, body: Any = None, expect: int = 200, auth: bool = True) -> Any:
        status, answer = self.request(method, path, body, auth)
        assert status == expect, f"{method} {path} answered {status}: {answer}"
        return answer

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def runner_environment(port: int, state: Path) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("AWS_", "RENDEZVOUS_")) and name not in INHERITED_SETTINGS and name != "FRESH"
    }
    # the runner keeps its data in a folder of the test's, never in the developer's .local-aws/
    env.update({"PORT": str(port), "PYTHONUNBUFFERED": "1", "RENDEZVOUS_LOCAL_STATE": str(state)})
    return env


def healthy(base: str) -> bool:
    try:
        with urlopen(f"{base}/health", timeout=2) as response:
            return response.status == 200
    except OSError:  # refused, reset, timed out, or an HTTP error status
        return False


def stop(process: subprocess.Popen) -> None:
    """End the runner and everything it started.

    SIGTERM, not SIGINT: a process started from a background job inherits SIGINT
    ignored. The runner dies at once (its moto server is a thread of it) and the
    group signal reaches the `chalice local` processes too; whatever of the group
    is still alive after that is killed.
    """
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=STOP_SECONDS)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=STOP_SECONDS)


@contextlib.contextmanager
def running(port: int, state: Path, log: Path) -> Iterator[LocalApi]:
    """The local runner on `port` with its data in `state`, from start until healthy, then stopped."""
    base = f"http://127.0.0.1:{port}"
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "run_local.py")],
            cwd=ROOT,
            env=runner_environment(port, state),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: see stop()
        )
    api = LocalApi(base, log, process)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not healthy(base):
            if process.poll() is not None:
                pytest.fail(f"the local runner exited with {process.returncode}:\n{api.log_tail()}")
            if time.monotonic() > deadline:
                pytest.fail(f"GET /health did not answer 200 within {STARTUP_SECONDS} s:\n{api.log_tail()}")
            time.sleep(0.25)
        yield api
    finally:
        stop(process)


@pytest.fixture(scope="module")
def local_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalApi]:
    """`make run` on a free port: the API, the embedded AWS and the dev routes."""
    folder = tmp_path_factory.mktemp("runner")
    with running(free_port(), folder / "local-aws", folder / "run_local.log") as api:
        yield api


def axe_script() -> str:
    """axe-core's browser bundle, as `make` installs it from package-lock.json (npm ci)."""
    path = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        unavailable("axe-core is not installed (make installs it with npm ci, from package-lock.json)")
    return path.read_text(encoding="utf-8")


def axe_violations(driver: Any, script: str) -> list[dict[str, Any]]:
    """Run axe-core on the page the browser shows: its violations (WCAG 2.x A and AA, and best practices)."""
    driver.execute_script(script)
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations'], frameWaitTime: 2000})"
        ".then(r => done(r.violations), e => done([{id: 'axe-error', help: String(e), nodes: []}]));"
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [" ".join(map(str, node["target"])) for node in v["nodes"]][:5]}
        for v in result
    ]


@pytest.fixture(scope="session")
def chromium() -> tuple[str, str]:
    """Debian's chromium and its driver. Session-scoped so a skip comes before the runner starts."""
    browser, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not browser or not driver:
        unavailable("chromium and chromedriver are not installed")
    return browser, driver


@pytest.fixture()
def browser(chromium: tuple[str, str], tmp_path: Path) -> Iterator[Any]:
    """Headless Debian Chromium with a phone-sized viewport and a fresh profile."""
    binary, chromedriver = chromium

    options = webdriver.ChromeOptions()
    # Both paths given explicitly, so Selenium Manager never tries to fetch a browser or a driver.
    options.binary_location = binary
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": PHONE})
    service = Service(executable_path=chromedriver, log_output=str(tmp_path / "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    try:
        driver.set_page_load_timeout(60)
        yield driver
    finally:
        driver.quit()
