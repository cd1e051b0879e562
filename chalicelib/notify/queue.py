"""The SQS queue reminders fan out through."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from chalicelib import config
from chalicelib.notify.clients import client


@lru_cache(maxsize=8)
def _url(name: str, region: str) -> str:
    return client("sqs").get_queue_url(QueueName=name)["QueueUrl"]


def url() -> str:
    return _url(config.reminder_queue_name(), config.region())


def send(bodies: list[str]) -> int:
    """SendMessageBatch, ten at a time; a message SQS refuses raises (the schedule run then fails and retries)."""
    sqs = client("sqs")
    for start in range(0, len(bodies), 10):
        chunk = bodies[start : start + 10]
        response = sqs.send_message_batch(
            QueueUrl=url(), Entries=[{"Id": str(index), "MessageBody": body} for index, body in enumerate(chunk)]
        )
        if response.get("Failed"):
            raise RuntimeError(f"SQS refused {len(response['Failed'])} reminder messages: {response['Failed']}")
    return len(bodies)


def receive(max_messages: int = 10) -> list[dict[str, Any]]:
    response = client("sqs").receive_message(
        QueueUrl=url(),
        MaxNumberOfMessages=max_messages,
        WaitTimeSeconds=0,
        AttributeNames=["ApproximateReceiveCount"],
    )
    return response.get("Messages", [])


def delete(receipt_handle: str) -> None:
    client("sqs").delete_message(QueueUrl=url(), ReceiptHandle=receipt_handle)


def delay(receipt_handle: str, seconds: int) -> None:
    client("sqs").change_message_visibility(QueueUrl=url(), ReceiptHandle=receipt_handle, VisibilityTimeout=seconds)


def reset() -> None:
    _url.cache_clear()
