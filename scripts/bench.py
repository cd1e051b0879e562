"""`make bench`: one line per measured figure, each with its goal.

    .venv/bin/python scripts/bench.py                        every figure
    .venv/bin/python scripts/bench.py zip "reminder run time"  only the lines whose name contains
                                                             "zip" or "reminder run time" (any case)

A figure is a function registered with `@figure(...)`, naming each line it prints (the text
before the line's first colon), that returns its line or lines; add new ones (say, DynamoDB
requests per route) the same way. A filter that matches no name says so and exits 2. Figures are measured, not
asserted: the tests check behaviour, this prints numbers to compare over time.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGE = os.environ.get("STAGE", "dev")
IMPORT_RUNS = int(os.environ.get("BENCH_IMPORT_RUNS", "9"))

FIGURES: list[tuple[tuple[str, ...], Callable[[], str]]] = []


def figure(*names: str) -> Callable[[Callable[[], str]], Callable[[], str]]:
    """Register a figure under the names of the lines it prints, as they start."""

    def register(function: Callable[[], str]) -> Callable[[], str]:
        FIGURES.append((names, function))
        return function

    return register


def test_environment() -> dict[str, str]:
    """The environment the tests import the app with (tests/conftest.py), without the /dev routes."""
    env = {
        **os.environ,
        "AWS_DEFAULT_REGION": "eu-north-1",
        "AWS_REGION": "eu-north-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "RENDEZVOUS_TABLE_PREFIX": "rendezvous-test",
        "RENDEZVOUS_AUTH": "dev",
    }
    for name in ("RENDEZVOUS_DEV_ROUTES", "RENDEZVOUS_OUTBOX_URL", "AWS_ENDPOINT_URL", "AWS_PROFILE"):
        env.pop(name, None)
    return env


def import_seconds(module: str) -> float:
    """Wall time of `import <module>` in a fresh interpreter, timed inside it."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=test_environment(), check=True, capture_output=True, text=True
    ).stdout
    return float(output.strip().splitlines()[-1])


@figure("import app / import boto3")
def import_ratio() -> str:
    for module in ("app", "boto3"):
        import_seconds(module)  # warms the bytecode caches; not counted
    apps, boto3s, ratios = [], [], []
    for _ in range(IMPORT_RUNS):
        app, boto3 = import_seconds("app"), import_seconds("boto3")
        apps.append(app)
        boto3s.append(boto3)
        ratios.append(app / boto3)
    return (
        f"import app / import boto3: median {statistics.median(ratios):.2f} (goal <= 1.3) over {IMPORT_RUNS} runs"
        f" [app {statistics.median(apps) * 1000:.0f} ms, boto3 {statistics.median(boto3s) * 1000:.0f} ms]"
    )


@figure("deployment zip")
def deployment_zip() -> str:
    archive = ROOT / "build" / STAGE / "deployment.zip"
    if not archive.exists():
        return f"deployment zip ({STAGE}): missing, run `make package STAGE={STAGE}` first"
    size = archive.stat().st_size / 1e6
    return f"deployment zip ({STAGE}): {size:.1f} MB (goal <= 15{', MISSED' if size > 15 else ''})"


def run_module(script: str) -> str:
    """The DynamoDB figures run in their own process: each sets up its own embedded AWS."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / script)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode != 0 and not result.stdout.strip():  # a script that misses a goal still prints its lines
        return f"{script}: failed ({result.returncode}): {result.stderr.strip().splitlines()[-1:]}"
    return result.stdout.rstrip()


@figure("confirm GET", "confirm POST", "invite of 50 applicants")
def interview_requests() -> str:
    return run_module("bench_interviews.py")


@figure("reminder run, 20 000 interviews", "reminder run time")
def reminder_run() -> str:
    return run_module("bench_reminders.py")


@figure("retention run")
def retention_run() -> str:
    return run_module("bench_retention.py")


@figure("reminder burst")
def reminder_burst() -> str:
    return run_module("bench_burst.py")


@figure("one calendar page of 50", "activity filter over a week", "calendar page, confirmation filter")
def calendar_page() -> str:
    return run_module("bench_calendar.py")


@figure("GET applicant")
def applicant_detail() -> str:
    return run_module("bench_applicant.py")


@figure("cold start GET applicant", "cold start POST interviews")
def cold_start() -> str:
    return run_module("bench_coldstart.py")


@figure("bulk reject of 100 applicants")
def bulk_actions() -> str:
    return run_module("bench_actions.py")


def matches(name: str, selected: list[str]) -> bool:
    return not selected or any(word.lower() in name.lower() for word in selected)


def main(selected: list[str]) -> int:
    chosen = [(names, measure) for names, measure in FIGURES if any(matches(name, selected) for name in names)]
    if not chosen:
        every = "\n".join(f"  {name}" for names, _ in FIGURES for name in names)
        wanted = " or ".join(repr(word) for word in selected)
        print(f"No figure's name contains {wanted}. The figures are:\n{every}", file=sys.stderr)
        return 2
    for _, measure in chosen:
        lines = measure().splitlines()
        shown = [line for line in lines if matches(line.partition(":")[0], selected)]
        for line in shown or lines:  # a failure's line is shown whatever its name
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
