"""`make run`: the whole system on this machine, against an embedded AWS.

Starts moto's ThreadedMotoServer on a free loopback port, creates every table
and index from the PynamoDB models, the reminder queues, the SES sender and the
documents bucket, seeds a demo organisation, then serves the Chalice app with
auto-reload on http://127.0.0.1:$PORT. Ctrl-C stops everything.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def configure(port: int, moto_port: int, outbox_port: int) -> None:
    os.environ.update(
        {
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "eu-north-1"),
            "AWS_REGION": os.environ.get("AWS_DEFAULT_REGION", "eu-north-1"),
            "AWS_ENDPOINT_URL": f"http://127.0.0.1:{moto_port}",
            "RENDEZVOUS_STAGE": "local",
            "RENDEZVOUS_AUTH": "dev",
            "RENDEZVOUS_DEV_ROUTES": "1",
            "RENDEZVOUS_TABLE_PREFIX": "rendezvous-local",
            "RENDEZVOUS_OUTBOX_URL": f"http://127.0.0.1:{outbox_port}/outbox",
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
            "MAIL_FROM": os.environ.get("MAIL_FROM", "no-reply@rendezvous.example"),
        }
    )
    os.environ.pop("AWS_PROFILE", None)


def start_embedded_aws(moto_port: int):
    from moto.server import ThreadedMotoServer
    from moto.ses.models import SESBackend

    # Like SES's mailbox simulator: locally any sender may send, so recruiters'
    # own addresses work without verifying each one.
    SESBackend._is_verified_address = lambda self, source: True  # type: ignore[method-assign]
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=moto_port, verbose=False)
    server.start()
    return server


def start_outbox(outbox_port: int):
    """The embedded AWS lives in this process: serve what it sent to the app's /dev/outbox."""
    from werkzeug.serving import make_server
    from werkzeug.wrappers import Request, Response

    from chalicelib.notify import outbox

    @Request.application
    def application(request: Request) -> Response:
        return Response(json.dumps(outbox.read_backends()), mimetype="application/json")

    server = make_server("127.0.0.1", outbox_port, application)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# The demo organisation's SES identities (tagged rendezvous:org=demo), as an operator would create them.
DEMO_SENDER_DOMAINS = {"demo.example": "demo", "example.com": "demo"}


def provision() -> None:
    from chalicelib.local import provision as provision_embedded_aws

    provision_embedded_aws(sender_domains=DEMO_SENDER_DOMAINS)


def seed(now: datetime) -> str:
    from chalicelib.api import models
    from chalicelib.api.auth import Recruiter, default_dev_claims, dev_token
    from chalicelib.services import applicants, vacancies
    from chalicelib.store import organisations

    claims = default_dev_claims()
    recruiter = Recruiter(claims["sub"], claims["org"], claims["name"], claims["email"], claims["sms"])
    vacancy = vacancies.create(
        recruiter, models.VacancyCreate(title="Backend developer", department="Engineering", location="Oslo"), now
    )
    people = [
        {
            "first_name": "Kari",
            "last_name": "Nordmann",
            "email": "kari@example.com",
            "mobile": "+4791234567",
            "language": "nb",
        },
        {
            "first_name": "Sanne",
            "last_name": "de Vries",
            "email": "sanne@example.com",
            "mobile": "+31612345678",
            "language": "nl",
        },
        {"first_name": "Elsa", "last_name": "Lindqvist", "email": "elsa@example.com", "language": "sv"},
    ]
    for person in people:
        applicants.create(recruiter, vacancy.id, models.ApplicantCreate(**person), now)
    organisations.save_settings(
        "demo",
        {
            "name": "Demo AS",
            "postal_address": "Storgata 1\n0155 Oslo",
            "sender_domains": list(DEMO_SENDER_DOMAINS),
            "reply_to": "recruiter@demo.example",
            "default_language": "nb",
            "timezone": "Europe/Oslo",
        },
        "operator",
        now,
    )
    return dev_token(claims, now)


def wait_until_healthy(port: int, child: subprocess.Popen, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and child.poll() is None:
        try:
            with urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def stop_group(child: subprocess.Popen) -> None:
    """Stop chalice local and its reload worker: politely first, then for good."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(child.pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            child.poll()  # reap the leader, so an exited group stops answering
            try:
                os.killpg(child.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)


def interrupted(signum: int, frame: object) -> None:
    """A plain `kill` stops everything the way Ctrl-C does."""
    raise KeyboardInterrupt


def main() -> int:
    port = int(os.environ.get("PORT", "8000"))
    moto_port, outbox_port = free_port(), free_port()
    configure(port, moto_port, outbox_port)
    aws = start_embedded_aws(moto_port)
    outbox_server = start_outbox(outbox_port)
    provision()
    token = seed(datetime.now(UTC))
    chalice = [
        str(Path(sys.executable).with_name("chalice")),
        "local",
        "--stage",
        "local",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    # chalice local runs in its own process group (with its auto-reload worker), so that
    # stopping is ours to do, whether by Ctrl-C or a plain `kill`.
    child = subprocess.Popen(chalice, cwd=ROOT, env=os.environ.copy(), start_new_session=True)
    signal.signal(signal.SIGTERM, interrupted)
    try:
        if not wait_until_healthy(port, child):
            print("The API did not come up; see the output above.", file=sys.stderr)
            return 1
        base = f"http://127.0.0.1:{port}"
        print(
            f"\nRendezvous is running on {base} (embedded AWS on 127.0.0.1:{moto_port}).\n"
            f"  Health:  {base}/health\n"
            f"  API:     {base}/openapi.json\n"
            f"  Outbox:  {base}/dev/outbox.html\n"
            f"A bearer token for the demo organisation:\n\n  export TOKEN={token}\n\n"
            "Ctrl-C stops everything.",
            flush=True,
        )
        return child.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop_group(child)
        outbox_server.shutdown()
        aws.stop()
        print("Stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
