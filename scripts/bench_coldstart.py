"""Cold start: what a fresh Lambda instance spends before its first answer (issue 11).

The Lambda bundle (`build/<STAGE>/deployment.zip`, made by `make package`) is unpacked as Lambda
does, without `.pyc` files, and each run is a fresh interpreter (`python -I -S -B`: only the bundle
and a stand-in for the runtime's own boto3/botocore on its path, no bytecode written) that imports
the function and answers one API Gateway event; its CPU time (user + system, interpreter start
included) is the figure. The baseline is `scripts/coldstart_baseline/app.py`: a one-route Chalice
app doing one DynamoDB GetItem, run the same way. AWS is moto's server in this process, so the
requests are real HTTP round trips; the events carry the claims API Gateway's Cognito authorizer
hands on, as deployed.

After a warm-up pair (the file cache), the app and the baseline alternate, BENCH_COLD_RUNS pairs
(7 by default); each line is the median of the pairs' ratios. Every POST answers the same request
against the same data: the tables are put back as seeded after each one (without that, each run
found the interviews the runs before it had made at the same time, and answered with two more
conflict warnings than the run before it).

    cold start GET applicant: cpu ratio R (goal <= 1.5)
    cold start POST interviews: cpu ratio R (goal <= 2)   one applicant, email + .ics
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
STAGE = os.environ.get("STAGE", "dev")
RUNS = int(os.environ.get("BENCH_COLD_RUNS", "7"))
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer", "jmespath", "urllib3", "dateutil", "six")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
ORG = "demo"
CLIENT_ID = "bench-client"
POOL_ID = "eu-north-1_bench"

RUN = """
import json, resource, sys
sys.path[:0] = {paths!r}


class Context:
    function_name = "rendezvous-bench"
    function_version = "$LATEST"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:eu-north-1:123456789012:function:rendezvous-bench"
    aws_request_id = "cold-start"
    log_group_name = log_stream_name = "bench"

    def get_remaining_time_in_millis(self):
        return 30000


import app
response = app.app(json.loads({event!r}), Context())
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{"cpu": usage.ru_utime + usage.ru_stime, "status": response["statusCode"],
                  "body": response["body"][:300]}}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stage_environment() -> dict[str, str]:
    settings = json.loads((ROOT / ".chalice" / "config.json").read_text())
    return {**settings["environment_variables"], **settings["stages"][STAGE].get("environment_variables", {})}


def environment(moto_port: int) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        **stage_environment(),
        "AWS_DEFAULT_REGION": "eu-north-1",
        "AWS_REGION": "eu-north-1",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{moto_port}",
        "COGNITO_USER_POOL_ID": POOL_ID,
        "COGNITO_CLIENT_ID": CLIENT_ID,
        "RENDEZVOUS_CURSOR_SECRET": "bench-cursor-secret",
        "PUBLIC_BASE_URL": "https://rendezvous.bench",
        "AWS_LAMBDA_FUNCTION_NAME": "rendezvous-bench",
    }


def seed(env: dict[str, str]) -> dict[str, str]:
    """The organisation, a vacancy and an applicant with two interviews, made through the services."""
    os.environ.update(env)
    from chalicelib import contract as models
    from chalicelib.domain.actors import Recruiter
    from chalicelib.local import provision
    from chalicelib.services import applicants, vacancies
    from chalicelib.store import organisations

    provision(sender_domains={"demo.example": ORG})
    organisations.save_settings(
        ORG,
        {"name": "Demo AS", "sender_domains": ["demo.example"], "default_language": "nb", "timezone": "Europe/Oslo"},
        "operator",
        NOW,
    )
    recruiter = Recruiter("recruiter-1", ORG, "Demo Recruiter", "recruiter@demo.example", True)
    vacancy = vacancies.create(recruiter, models.VacancyCreate(title="Backend developer"), NOW)
    person = models.ApplicantCreate(first_name="Kari", last_name="Nordmann", email="kari@example.com", language="nb")
    kari = applicants.create(recruiter, vacancy.id, person, NOW)
    return {"vacancy_id": vacancy.id, "applicant_id": kari.id}


def event(method: str, resource: str, path: str, params: dict[str, str] | None, body: Any = None) -> str:
    claims = {
        "sub": "recruiter-1",
        "iss": f"https://cognito-idp.eu-north-1.amazonaws.com/{POOL_ID}",
        "aud": CLIENT_ID,
        "token_use": "id",
        "custom:org": ORG,
        "custom:sms": "true",
        "name": "Demo Recruiter",
        "email": "recruiter@demo.example",
        "exp": "Fri Nov 20 10:00:00 UTC 2026",
    }
    return json.dumps(
        {
            "resource": resource,
            "path": path,
            "httpMethod": method,
            "headers": {"accept": "application/json", "content-type": "application/json"},
            "multiValueHeaders": {},
            "queryStringParameters": None,
            "multiValueQueryStringParameters": None,
            "pathParameters": params,
            "stageVariables": None,
            "body": json.dumps(body) if body is not None else None,
            "isBase64Encoded": False,
            "requestContext": {
                "resourcePath": resource,
                "httpMethod": method,
                "path": "/api" + path,
                "stage": "api",
                "requestId": "cold-start",
                "requestTimeEpoch": int(NOW.timestamp() * 1000),
                "identity": {"sourceIp": "192.0.2.1"},
                "authorizer": {"claims": claims},
            },
        }
    )


def cpu(paths: list[str], request: str, env: dict[str, str], cwd: Path, expect: int) -> float:
    code = RUN.format(paths=paths, event=request)
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-B", "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[-5:])
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    if seen["status"] != expect:
        raise RuntimeError(f"answered {seen['status']}, not {expect}: {seen['body']}")
    return float(seen["cpu"])


def seeded_tables() -> Any:
    """Puts the embedded AWS's tables back as they are now (moto runs in this process): a function."""
    import copy

    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    backend = dynamodb_backends[DEFAULT_ACCOUNT_ID]["eu-north-1"]
    seeded = copy.deepcopy(backend.tables)

    def restore() -> None:
        backend.tables = copy.deepcopy(seeded)

    return restore


def ratio(app_run: Any, baseline_run: Any) -> tuple[float, float, float]:
    app_run(), baseline_run()  # warm-up: the file cache, not counted
    apps, baselines, ratios = [], [], []
    for _ in range(RUNS):
        apps.append(app_run())
        baselines.append(baseline_run())
        ratios.append(apps[-1] / baselines[-1])
    return statistics.median(ratios), statistics.median(apps), statistics.median(baselines)


def bench_cold_start() -> str:
    import scripts.run_local as local

    archive = ROOT / "build" / STAGE / "deployment.zip"
    if not archive.exists():
        return f"cold start: {archive.relative_to(ROOT)} missing, run `make package STAGE={STAGE}` first"
    work = Path(tempfile.mkdtemp(prefix="rendezvous-cold-"))
    try:
        task, runtime = work / "task", work / "runtime"
        with zipfile.ZipFile(archive) as bundle:
            bundle.extractall(task)
        runtime.mkdir()
        for name in RUNTIME_PROVIDED:
            module = __import__(name)
            (runtime / name).symlink_to(Path(module.__file__).parent, target_is_directory=True)
        port = free_port()
        env = environment(port)
        server, _ = local.start_embedded_aws(port, lambda application: application)
        try:
            ids = seed(env)
            baseline_env = {**env, "BASELINE_TABLE": f"{env['RENDEZVOUS_TABLE_PREFIX']}-applicant-items"}
            baseline_env["BASELINE_ORG"] = ORG
            baseline_paths = [str(ROOT / "scripts" / "coldstart_baseline"), str(task), str(runtime)]
            app_paths = [str(task), str(runtime)]
            applicant = ids["applicant_id"]
            get = event("GET", "/applicants/{applicant_id}", f"/applicants/{applicant}", {"applicant_id": applicant})

            def baseline_run() -> float:  # the same event: the baseline has the same route
                return cpu(baseline_paths, get, baseline_env, work, 200)

            get_ratio, get_app, get_base = ratio(lambda: cpu(app_paths, get, env, task, 200), baseline_run)
            invite = {
                "applicant_ids": [applicant],
                "type": "in_person",
                "attendees": [{"name": "Anna Berg", "email": "anna@demo.example"}],
                "start": "2026-12-07T10:00:00",
                "timezone": "Europe/Oslo",
                "duration_minutes": 45,
                "location": "Storgata 1, Oslo",
                "invitation": {
                    "send_email": True,
                    "from": "recruiter@demo.example",
                    "subject": {"nb": "Intervju for {vacancy}"},
                    "body": {"nb": "Hei {firstname},\n\nVelkommen {date} kl. {time}, {location}."},
                },
                "reminder": {"channel": "none"},
            }
            post = event("POST", "/interviews", "/interviews", None, invite)
            restore = seeded_tables()

            def post_run() -> float:  # the same data each time: what one POST made is undone
                try:
                    return cpu(app_paths, post, env, task, 201)
                finally:
                    restore()

            post_ratio, post_app, post_base = ratio(post_run, baseline_run)
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return "\n".join(
        [
            f"cold start GET applicant: cpu ratio {get_ratio:.2f} (goal <= 1.5{', MISSED' if get_ratio > 1.5 else ''}) "
            f"[median of {RUNS} pairs: app {get_app * 1000:.0f} ms, baseline {get_base * 1000:.0f} ms of CPU]",
            f"cold start POST interviews: cpu ratio {post_ratio:.2f} (goal <= 2{', MISSED' if post_ratio > 2 else ''}) "
            f"[median of {RUNS} pairs: app {post_app * 1000:.0f} ms, baseline {post_base * 1000:.0f} ms of CPU; "
            f"one applicant, email + .ics]",
        ]
    )


if __name__ == "__main__":
    print(bench_cold_start())
