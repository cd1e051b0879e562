"""`make run`: the whole system on this machine, against an embedded AWS.

Starts moto's server in this process on a loopback port, creates every table
and index from the PynamoDB models, the reminder queues, the SES sender and the
documents bucket, restores what the previous run left in the local data folder
(scripts/local_state.py) or else seeds a demo organisation, then serves the Chalice
app with auto-reload on http://127.0.0.1:$PORT. Ctrl-C stops everything.

RENDEZVOUS_LOCAL_STATE names the data folder (default `.local-aws/`); FRESH=1 empties it first.
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
            # The functions' log lines as CloudWatch gets them, one JSON object a line;
            # RENDEZVOUS_LOG_FORMAT=text shows each as `time LEVEL message key=value ...`.
            "RENDEZVOUS_LOG_FORMAT": os.environ.get("RENDEZVOUS_LOG_FORMAT", "json"),
            "RENDEZVOUS_TABLE_PREFIX": "rendezvous-local",
            "RENDEZVOUS_OUTBOX_URL": f"http://127.0.0.1:{outbox_port}/outbox",
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
            "MAIL_FROM": os.environ.get("MAIL_FROM", "no-reply@rendezvous.example"),
        }
    )
    os.environ.pop("AWS_PROFILE", None)


def port_is_free(port: int) -> bool:
    """Whether a server can listen on the port (as werkzeug's do, reusing one just closed)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def start_embedded_aws(moto_port: int, tracker_class: type):
    """moto's server (as its ThreadedMotoServer runs it), behind a tracker that notes every change."""
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
    from moto.ses.models import SESBackend
    from werkzeug.serving import make_server

    # Like SES's mailbox simulator: locally any sender may send, so recruiters'
    # own addresses work without verifying each one.
    SESBackend._is_verified_address = lambda self, source: True  # type: ignore[method-assign]
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    tracker = tracker_class(DomainDispatcherApplication(create_backend_app))
    server = make_server("127.0.0.1", moto_port, tracker, threaded=True, request_handler=MotoRequestHandler)
    threading.Thread(target=server.serve_forever, name="embedded-aws", daemon=True).start()
    return server, tracker


def start_outbox(outbox_port: int, recorded):
    """The embedded AWS lives in this process: serve what it sent to the app's /dev/outbox."""
    from werkzeug.serving import make_server
    from werkzeug.wrappers import Request, Response

    @Request.application
    def application(request: Request) -> Response:
        message_id = request.path.removeprefix("/outbox").strip("/")
        if not message_id:
            return Response(json.dumps(recorded.messages()), mimetype="application/json")
        raw = recorded.raw(message_id)
        if raw is None:
            return Response("no such email", status=404, mimetype="text/plain")
        return Response(raw, mimetype="message/rfc822")

    server = make_server("127.0.0.1", outbox_port, application)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# The demo organisation's SES identities (tagged rendezvous:org=demo), as an operator would create them.
DEMO_SENDER_DOMAINS = {"demo.example": "demo", "example.com": "demo"}


def provision() -> None:
    from chalicelib.local import provision as provision_embedded_aws

    provision_embedded_aws(sender_domains=DEMO_SENDER_DOMAINS)


def seed(now: datetime) -> str:
    from chalicelib import contract as models
    from chalicelib.api.auth import default_dev_claims, dev_token
    from chalicelib.domain.actors import Recruiter
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


def state_folder() -> Path:
    return Path(os.environ.get("RENDEZVOUS_LOCAL_STATE") or ROOT / ".local-aws").resolve()


def main() -> int:
    from chalicelib import config
    from chalicelib.api.auth import default_dev_claims, dev_token
    from chalicelib.local import MailboxSimulator
    from scripts.local_state import ChangeTracker, LocalState, Snapshotter

    port = int(os.environ.get("PORT", "8000"))
    folder = state_folder()
    os.environ["RENDEZVOUS_LOCAL_STATE"] = str(folder)  # for chalice local's reloader too
    if os.environ.get("FRESH", "").strip() not in ("", "0"):
        LocalState.forget(folder)
    remembered = LocalState.remembered_port(folder)
    moto_port = remembered if remembered and port_is_free(remembered) else free_port()
    outbox_port = free_port()
    configure(port, moto_port, outbox_port)
    aws, tracker = start_embedded_aws(moto_port, ChangeTracker)
    LocalState.remember_port(folder, moto_port)
    state = LocalState(
        folder, f"http://127.0.0.1:{moto_port}", config.region(), config.table_prefix(), config.documents_bucket()
    )
    outbox_server = start_outbox(outbox_port, state.outbox)
    provision()
    state.outbox.record_from(config.region())
    # SES's mailbox simulator: bounce@, complaint@, success@ ... simulator.amazonses.com (labels too) get
    # the events SES would publish, through the same handler as in AWS, a moment after they are sent.
    simulator = MailboxSimulator()
    state.outbox.email_listeners.append(simulator.sent_email)
    state.outbox.sms_listeners.append(simulator.sent_sms)
    simulator.start()
    now = datetime.now(UTC)
    if state.exists():
        try:
            restored = state.restore()
        except (OSError, ValueError, KeyError) as error:
            print(
                f"Could not restore the local data in {folder} ({type(error).__name__}: {error}).\n"
                "Start over with `make reset` (or `make run FRESH=1`), which deletes it.",
                file=sys.stderr,
            )
            aws.shutdown()
            return 1
        token = dev_token(default_dev_claims(), now)
        data_line = (
            f"Local data restored from {folder}: {restored['items']} items, "
            f"{restored['files']} files, {restored['messages']} messages in the outbox."
        )
    else:
        token = seed(now)
        data_line = f"Local data kept in {folder} (new, with the demo organisation); `make reset` starts over."
    state.snapshot()
    tracker.changed.clear()
    snapshotter = Snapshotter(state, tracker.changed)
    snapshotter.start()
    # chalice local, whose auto-reload ignores the data folder (else each snapshot would restart it)
    # and whose gateway answers an unknown path with a 404 problem, as API Gateway does in infra/
    chalice = [
        sys.executable,
        str(ROOT / "scripts" / "chalice_local.py"),
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
            f"{data_line}\n"
            f"A bearer token for the demo organisation:\n\n  export TOKEN={token}\n\n"
            "Ctrl-C stops everything.",
            flush=True,
        )
        return child.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop_group(child)
        simulator.stop()
        snapshotter.stop()
        outbox_server.shutdown()
        aws.shutdown()
        print(f"Stopped; the local data is saved in {folder}.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
