"""`make run` keeps its data: stop it, start it again, and everything made before is still there."""

from __future__ import annotations

import json
import os
import re
import signal
import time
import uuid
from datetime import datetime, timedelta
from urllib.request import Request, urlopen

from tests.e2e.conftest import free_port, running


def fetch(url: str) -> tuple[int, bytes]:
    """GET as a browser does (Accept: */*, which binary answers need)."""
    with urlopen(Request(url, headers={"accept": "*/*"}), timeout=30) as response:
        return response.status, response.read()


def test_a_restart_keeps_records_files_links_tokens_and_the_outbox(tmp_path):
    port, state, log = free_port(), tmp_path / "local-aws", tmp_path / "run_local.log"

    # GIVEN a recruiter who made a vacancy, invited an applicant and sent a contract (a PDF in S3, by email)
    with running(port, state, log) as api:
        # the demo organisation: its sender domains (example.com) are the local runner's tagged SES identities
        api.token = api.call("POST", "/dev/token", {"org": "demo"}, auth=False)["token"]
        vacancy = api.call("POST", "/vacancies", {"title": "Kokk", "location": "Oslo"}, expect=201)
        person = {"first_name": "Ola", "last_name": "Nordmann", "email": "ola@example.com", "language": "nb"}
        applicant = api.call("POST", f"/vacancies/{vacancy['id']}/applicants", person, expect=201)
        day = (datetime.now() + timedelta(days=10)).date()
        invitation = {
            "applicant_ids": [applicant["id"]],
            "type": "in_person",
            "start": f"{day}T10:00",
            "timezone": "Europe/Oslo",
            "duration_minutes": 30,
            "location": "Storgata 1",
            "invitation": {
                "send_email": True,
                "from": "hr@example.com",
                "subject": {"nb": "Intervju"},
                "body": {"nb": "Hei {firstname}"},
            },
            "reminder": {"channel": "none"},
        }
        interview = api.call("POST", "/interviews", invitation, expect=201)["interviews"][0]
        offer = {"action": "send_offer", "applicant_ids": [applicant["id"]]}
        assert api.call("POST", "/applicants/actions", offer)["results"][0]["ok"]
        contract = {
            "position": "Kokk",
            "department": "Kjøkken",
            "start_date": str(day + timedelta(days=30)),
            "salary": "NOK 500 000",
            "from": "hr@example.com",
        }
        document = api.call("POST", f"/applicants/{applicant['id']}/contract", contract, expect=201)["document"]
        before = api.call("GET", "/dev/outbox", auth=False)
        token = api.token

    # WHEN the runner is stopped and started again
    with running(port, state, log) as api:
        api.token = token  # the token from before the restart

        # THEN the records are there, with the same ids
        assert api.call("GET", f"/vacancies/{vacancy['id']}")["title"] == "Kokk"
        assert api.call("GET", f"/applicants/{applicant['id']}")["status"] == "offer_received"
        assert api.call("GET", f"/interviews/{interview['id']}")["confirmation"] == "pending"
        # ... the contract's file is in the bucket
        stored = api.call("GET", f"/applicants/{applicant['id']}/documents/{document['id']}")
        status, pdf = fetch(stored["download_url"])
        assert status == 200 and pdf.startswith(b"%PDF")
        # ... the outbox holds the same messages, with their send times, and its links work
        after = api.call("GET", "/dev/outbox", auth=False)
        assert after == before
        assert all(mail["sent_at"] for mail in after["emails"])
        (answer_link,) = set(re.findall(re.escape(api.base) + r"/confirm/[\w-]+", after["emails"][0]["text"]))
        assert fetch(answer_link)[0] == 200
        (contract_mail,) = [mail for mail in after["emails"] if mail["attachments"] and "pdf" in mail["attachments"][0]]
        status, attachment = fetch(f"{api.base}/dev/outbox/{contract_mail['id']}/attachments/0")
        assert status == 200 and attachment.startswith(b"%PDF")
        # ... and the demo organisation was seeded once, not again: its seeded vacancy and this one
        assert len(api.call("GET", "/vacancies")["items"]) == 2
    assert "restored" in log.read_text()
    assert json.loads((state / "snapshot.json").read_text())["format"] == 1


def test_a_crash_loses_only_what_was_not_yet_saved(tmp_path):
    port, state, log = free_port(), tmp_path / "local-aws", tmp_path / "run_local.log"

    # GIVEN a vacancy made just now, once the runner has saved it (a moment after the change)
    with running(port, state, log) as api:
        api.token = api.call("POST", "/dev/token", {"org": f"crash-{uuid.uuid4().hex[:8]}"}, auth=False)["token"]
        vacancy = api.call("POST", "/vacancies", {"title": "Bartender"}, expect=201)
        deadline = time.monotonic() + 60
        while vacancy["id"] not in (state / "snapshot.json").read_text():
            assert time.monotonic() < deadline, "the change was never saved"
            time.sleep(0.2)

        token = api.token

        # WHEN the runner dies without a chance to save (kill -9, a power cut)
        os.killpg(api.process.pid, signal.SIGKILL)
        api.process.wait(timeout=30)
    assert "Stopped" not in log.read_text()

    # THEN the next start has it
    with running(port, state, log) as api:
        api.token = token
        assert api.call("GET", f"/vacancies/{vacancy['id']}")["title"] == "Bartender"
