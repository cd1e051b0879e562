"""Local stage only: everything the embedded AWS has recorded as sent, oldest first.

In tests moto runs in this process and its backends are read directly; under
the local runner it runs in the runner's process, which serves this same
structure at RENDEZVOUS_OUTBOX_URL.
"""

from __future__ import annotations

import email
import json
from email import policy
from typing import Any
from urllib.request import urlopen

from chalicelib import config


def parse_raw(raw: str | bytes, destinations: list[str] | None = None) -> dict[str, Any]:
    message = email.message_from_bytes(raw if isinstance(raw, bytes) else raw.encode(), policy=policy.default)
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    return {
        "to": list(dict.fromkeys(destinations or [message["To"]])),
        "from": message["From"],
        "subject": message["Subject"],
        "text": text.get_content() if text else "",
        "html": html.get_content() if html else "",
        "attachments": [part.get_filename() for part in message.iter_attachments()],
    }


def read_backends() -> dict[str, list[dict[str, Any]]]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends
    from moto.sns.models import sns_backends

    region = config.region()
    emails: list[dict[str, Any]] = []
    for message in ses_backends[DEFAULT_ACCOUNT_ID][region].sent_messages:
        raw = getattr(message, "raw_data", None)
        if raw is not None:
            emails.append(parse_raw(raw, list(message.destinations)))
        else:
            emails.append(
                {
                    "to": list(message.destinations.get("ToAddresses", [])),
                    "from": message.source,
                    "subject": message.subject,
                    "text": message.body,
                    "html": "",
                    "attachments": [],
                }
            )
    sms = [
        {"to": number, "message": text}
        for number, text in sns_backends[DEFAULT_ACCOUNT_ID][region].sms_messages.values()
    ]
    return {"emails": emails, "sms": sms}


def read() -> dict[str, list[dict[str, Any]]]:
    url = config.outbox_url()
    if url:
        with urlopen(url, timeout=10) as response:  # noqa: S310 - a loopback URL the runner set
            return json.loads(response.read())
    return read_backends()
