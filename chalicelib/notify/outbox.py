"""Local stage only: everything the embedded AWS has recorded as sent, oldest first.

In tests moto runs in this process and its backends are read directly; under the local
runner it runs in the runner's process, which records each message with the time it was
sent (and keeps them across restarts, scripts/local_state.py) and serves them at
RENDEZVOUS_OUTBOX_URL: `<url>` the messages, `<url>/<id>` an email's raw MIME message.

A message as recorded: `{"kind": "email", "id", "sent_at", "to": [...], "raw": base64}`
or `{"kind": "sms", "id", "sent_at", "to", "message"}` (`sent_at` is null in tests).
"""

from __future__ import annotations

import base64
import email
import json
import re
from email import policy
from email.message import EmailMessage
from typing import Any
from urllib.error import HTTPError
from urllib.parse import quote
from urllib.request import urlopen

from markupsafe import Markup, escape

from chalicelib import config


def _message(raw: str | bytes) -> EmailMessage:
    return email.message_from_bytes(raw if isinstance(raw, bytes) else raw.encode(), policy=policy.default)


def parse_raw(raw: str | bytes, destinations: list[str] | None = None) -> dict[str, Any]:
    message = _message(raw)
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


def attachment(raw: str | bytes, index: int) -> tuple[str, str, bytes] | None:
    """The `index`th attachment of a raw email: file name, media type and bytes."""
    parts = list(_message(raw).iter_attachments())
    if not 0 <= index < len(parts):
        return None
    part = parts[index]
    content = part.get_content()
    data = content.encode() if isinstance(content, str) else bytes(content)
    return part.get_filename() or f"attachment-{index + 1}", part.get_content_type(), data


def summarise(messages: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The outbox as /dev/outbox answers it: emails and SMS, oldest first."""
    from chalicelib.domain.sms import measure

    emails, sms = [], []
    for message in messages:
        if message["kind"] == "email":
            parsed = parse_raw(base64.b64decode(message["raw"]), message["to"])
            emails.append({"id": message["id"], "sent_at": message["sent_at"], **parsed})
        else:
            length = measure(message["message"])
            segments, encoding = length.segments, length.encoding
            sms.append(
                {
                    "id": message["id"],
                    "sent_at": message["sent_at"],
                    "to": message["to"],
                    "message": message["message"],
                    "segments": segments,
                    "encoding": encoding,
                }
            )
    return {"emails": emails, "sms": sms}


def read_backends() -> list[dict[str, Any]]:
    """What moto's SES and SNS backends in this process sent, as recorded messages."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends
    from moto.sns.models import sns_backends

    region = config.region()
    messages: list[dict[str, Any]] = []
    for sent in ses_backends[DEFAULT_ACCOUNT_ID][region].sent_messages:
        raw = getattr(sent, "raw_data", None)
        if raw is None:  # only raw messages are sent (chalicelib/notify/email.py)
            continue
        data = raw if isinstance(raw, bytes) else raw.encode()
        messages.append(
            {
                "kind": "email",
                "id": sent.id,
                "sent_at": None,
                "to": list(sent.destinations),
                "raw": base64.b64encode(data).decode(),
            }
        )
    for message_id, (number, text) in sns_backends[DEFAULT_ACCOUNT_ID][region].sms_messages.items():
        messages.append({"kind": "sms", "id": message_id, "sent_at": None, "to": number, "message": text})
    return messages


def read_messages() -> list[dict[str, Any]]:
    """Every recorded message, emails and SMS in the order they were sent."""
    url = config.outbox_url()
    if url:
        with urlopen(url, timeout=10) as response:  # noqa: S310 - a loopback URL the runner set
            return json.loads(response.read())
    return read_backends()


def read() -> dict[str, list[dict[str, Any]]]:
    return summarise(read_messages())


def timeline(messages: list[dict[str, Any]], recipient: str = "") -> list[dict[str, Any]]:
    """Emails and SMS together, newest first, each as `summarise` gives it plus its `kind`;
    with `recipient`, only those to an address or number containing it (any case)."""
    summary = summarise(messages)
    emails, sms = iter(summary["emails"]), iter(summary["sms"])
    entries = [{"kind": m["kind"], **next(emails if m["kind"] == "email" else sms)} for m in messages]
    needle = recipient.strip().lower()
    if needle:
        entries = [
            entry
            for entry in entries
            if any(needle in to.lower() for to in (entry["to"] if entry["kind"] == "email" else [entry["to"]]))
        ]
    return entries[::-1]


def raw(message_id: str) -> bytes | None:
    """An email's raw MIME message, or None when no email has that id."""
    url = config.outbox_url()
    if url:
        try:
            with urlopen(f"{url}/{quote(message_id, safe='')}", timeout=10) as response:  # noqa: S310
                return response.read()
        except HTTPError as error:
            if error.code == 404:
                return None
            raise
    for message in read_backends():
        if message["kind"] == "email" and message["id"] == message_id:
            return base64.b64decode(message["raw"])
    return None


URL = re.compile(r"https?://[^\s<>\"']+")


def linkify(text: str) -> Markup:
    """Plain text as HTML with every http(s) link clickable (trailing punctuation stays text)."""
    pieces, last = [], 0
    for match in URL.finditer(text):
        link = match.group().rstrip(".,;:!?)]")
        end = match.start() + len(link)
        pieces.append(escape(text[last : match.start()]))
        pieces.append(Markup('<a href="{0}">{0}</a>').format(link))
        last = end
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


def viewable_html(html: str) -> str:
    """An email's HTML part for the outbox's frame: its links open a new tab, out of the sandbox."""
    base = '<base target="_blank">'
    head = re.search(r"<head[^>]*>", html, flags=re.I)
    if head:
        return html[: head.end()] + base + html[head.end() :]
    return base + html
