"""SMS through SNS: transactional, to an E.164 number, with a configurable sender ID."""

from __future__ import annotations

from chalicelib import config, observability
from chalicelib.notify.clients import client


def send(to: str, message: str, retry: bool = True, sender_id: str | None = None) -> str:
    """`sender_id`: the organisation's own alphanumeric sender ID, else the service's."""
    try:
        response = client("sns", retry).publish(
            PhoneNumber=to,
            Message=message,
            MessageAttributes={
                "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
                "AWS.SNS.SMS.SenderID": {"DataType": "String", "StringValue": sender_id or config.sms_sender_id()},
            },
        )
    except Exception:
        observability.count("SmsFailed")
        raise
    observability.count("SmsSent")
    return response["MessageId"]
