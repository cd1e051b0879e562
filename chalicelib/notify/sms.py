"""SMS through SNS: transactional, to an E.164 number, with a configurable sender ID."""

from __future__ import annotations

from chalicelib import config, observability
from chalicelib.notify.clients import client


def send(to: str, message: str, retry: bool = True) -> str:
    try:
        response = client("sns", retry).publish(
            PhoneNumber=to,
            Message=message,
            MessageAttributes={
                "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
                "AWS.SNS.SMS.SenderID": {"DataType": "String", "StringValue": config.sms_sender_id()},
            },
        )
    except Exception:
        observability.count("SmsFailed")
        raise
    observability.count("SmsSent")
    return response["MessageId"]
