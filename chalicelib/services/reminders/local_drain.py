"""The local stage's stand-in for the SQS event source: `POST /dev/reminders/run` enqueues, then drains."""

from __future__ import annotations

from datetime import datetime

from chalicelib.services.reminders.delivery import Clock, Organisations, RetryLaterError, Sent, wall_clock
from chalicelib.services.reminders.enqueue import enqueue_due
from chalicelib.services.reminders.handler import backoff_seconds, deliver_message


def drain(clock: Clock | None = None, max_rounds: int = 1000) -> Sent:
    """Receive and process until the queue has nothing visible, as the queue handler would."""
    from chalicelib.notify import queue

    total, known = Sent(), Organisations()
    for _round in range(max_rounds):
        messages = queue.receive()
        if not messages:
            break
        for message in messages:
            receive_count = int(message.get("Attributes", {}).get("ApproximateReceiveCount", "1"))
            try:
                total.add(deliver_message(message["Body"], message["ReceiptHandle"], receive_count, clock, known=known))
            except RetryLaterError:
                continue  # delayed by deliver_message
            except Exception:
                queue.delay(message["ReceiptHandle"], backoff_seconds(receive_count))
                continue
            queue.delete(message["ReceiptHandle"])
    return total


def run_locally(at: datetime) -> dict[str, int]:
    """/dev/reminders/run: enqueue as the 08:00 UTC schedule would at `at`, then drain the queue in-process."""
    enqueue_due(at)
    return drain(clock=wall_clock).as_dict()
