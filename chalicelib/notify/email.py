"""Email through SES as raw MIME: text and HTML parts, and attachments such as the .ics invitation."""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from chalicelib import config, observability


@dataclass
class Attachment:
    filename: str
    content: bytes
    mime_type: str  # e.g. "text/calendar; method=REQUEST"


@dataclass
class Email:
    to: str
    sender: str
    subject: str
    text: str
    html: str
    reply_to: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    # What the email is, for metrics and delivery tracking: invitation, reschedule, cancellation,
    # reminder, email (ad hoc), offer, contract, access_link, rating_request, forward.
    purpose: str = "other"


def to_mime(message: Email) -> EmailMessage:
    mime = EmailMessage()
    mime["From"] = message.sender
    mime["To"] = message.to
    if message.reply_to:
        mime["Reply-To"] = message.reply_to
    mime["Subject"] = message.subject
    mime["Message-ID"] = make_msgid(domain=message.sender.rpartition("@")[2].strip(">") or None)
    mime.set_content(message.text)
    mime.add_alternative(message.html, subtype="html")
    for attachment in message.attachments:
        maintype, _, rest = attachment.mime_type.partition("/")
        subtype, *params = [part.strip() for part in rest.split(";")]
        extra = dict(param.split("=", 1) for param in params if "=" in param)
        mime.add_attachment(
            attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename, params=extra
        )
    return mime


def send(message: Email, retry: bool = True, *, org: str) -> str:
    """Send one email for `org`; returns the SES message id. SES errors propagate to the caller.

    In AWS the client is the organisation's own sending session (notify.identities), which SES
    lets send only from that organisation's identities, whatever the message says.
    """
    from chalicelib.notify.identities import sender_client

    request = {
        "FromEmailAddress": message.sender,
        "Destination": {"ToAddresses": [message.to]},
        "Content": {"Raw": {"Data": to_mime(message).as_bytes()}},
    }
    configuration_set = config.ses_configuration_set()
    if configuration_set:
        request["ConfigurationSetName"] = configuration_set
        # Carried on every event SES publishes for the message (metrics, a cross-check of the
        # delivery record's organisation); the record, not the tag, decides whose message it is.
        request["EmailTags"] = [{"Name": "org", "Value": org}, {"Name": "kind", "Value": message.purpose}]
    try:
        message_id = sender_client(org, retry).send_email(**request)["MessageId"]
    except Exception:
        observability.count("EmailsFailed", purpose=message.purpose)
        raise
    observability.count("EmailsSent", purpose=message.purpose)
    return message_id


def display_sender(name: str | None, address: str) -> str:
    return formataddr((name, address)) if name else address
