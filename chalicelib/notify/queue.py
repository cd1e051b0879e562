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


def send(bodies: list[str], groups: list[str] | None = None) -> int:
    """SendMessageBatch, ten at a time; a message SQS refuses raises (the schedule run then fails and retries).

    `groups` (the organisation of each message) become MessageGroupIds: on a standard queue that makes it
    an SQS fair queue, which serves a tenant with a few messages before another tenant's backlog.
    """
    sqs = client("sqs")
    for start in range(0, len(bodies), 10):
        chunk = bodies[start : start + 10]
        entries = [{"Id": str(index), "MessageBody": body} for index, body in enumerate(chunk)]
        if groups:
            for entry, group in zip(entries, groups[start : start + 10], strict=True):
                entry["MessageGroupId"] = group
        response = sqs.send_message_batch(QueueUrl=url(), Entries=entries)
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


def send_later(body: str, delay_seconds: int, group: str | None = None) -> None:
    """The message again, as a new one, after a delay (up to 15 minutes): its receive count starts over."""
    request: dict[str, Any] = {"QueueUrl": url(), "MessageBody": body, "DelaySeconds": min(900, max(0, delay_seconds))}
    if group:
        request["MessageGroupId"] = group
    client("sqs").send_message(**request)


def delete(receipt_handle: str) -> None:
    client("sqs").delete_message(QueueUrl=url(), ReceiptHandle=receipt_handle)


def delay(receipt_handle: str, seconds: int) -> None:
    client("sqs").change_message_visibility(QueueUrl=url(), ReceiptHandle=receipt_handle, VisibilityTimeout=seconds)


def reset() -> None:
    _url.cache_clear()
