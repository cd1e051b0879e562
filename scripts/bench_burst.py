"""A morning's burst of reminders on a scaled model of the account's limits (issue 18).

2 000 reminders due at once across 50 organisations (one of them with half of all). The real
code runs: the 08:00 run enqueues (in chunks, handing its cursor on as it would to a new Lambda
invocation), and parallel workers take batches of ten off the queue and hand them to the real
queue handler (`reminders.handler.deliver`, partial batch responses included), as the SQS event source
would, with at most REMINDER_MAX_CONCURRENCY of them. Only SES is fake: it allows BURST_RATE
(4 by default: docs/reminders-at-scale.md says why) messages a second (a token bucket: a send
beyond it is `Throttling`), and answers 5% of sends with a transient error. DynamoDB and SQS
are moto.

    .venv/bin/python scripts/bench_burst.py

Prints `reminder burst: N due, sent S, failed F, duplicates D, time / ideal R`: every reminder
sent exactly once (F = 0, D = 0, none lost) in at most 1.25 times N / rate.
"""

from __future__ import annotations

import json
import os
import random
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_reminders import without_whole_table_rollback_copies
from benchkit import NOW, embedded_app, interview_item, main, save_all

DUE = int(os.environ.get("BURST_DUE", "2000"))
ORGS = 50
RATE = float(os.environ.get("BURST_RATE", "4"))  # the fake SES's messages a second
WORKERS = int(os.environ.get("BURST_WORKERS", "4"))
TRANSIENT = 0.05  # share of sends SES answers with a transient error
LAMBDA_TIMEOUT_S = 30
RUN_AT = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


class FakeSes:
    """SES as the account sees it: a fixed send rate (beyond it, Throttling) and a few transient errors."""

    def __init__(self, rate: float, transient: float, seed: int = 18) -> None:
        self.interval = 1.0 / rate
        self.transient = transient
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.next_free = time.monotonic()
        self.delivered: Counter[str] = Counter()
        self.throttled = 0
        self.errors = 0
        self.last_delivery = 0.0
        self.first_delivery = 0.0

    def send(self, message: Any, retry: bool = True, **kwargs: Any) -> str:
        from botocore.exceptions import ClientError

        with self.lock:
            now = time.monotonic()
            if now < self.next_free - self.interval:  # a burst of at most 2 (SES allows a little)
                self.throttled += 1
                raise ClientError(
                    {"Error": {"Code": "Throttling", "Message": "Maximum sending rate exceeded."}}, "SendEmail"
                )
            self.next_free = max(self.next_free, now) + self.interval
            if self.random.random() < self.transient:
                self.errors += 1
                raise ClientError({"Error": {"Code": "InternalFailure", "Message": "try again"}}, "SendEmail")
            self.delivered[message.to] += 1
            self.last_delivery = now
            self.first_delivery = self.first_delivery or now
            return f"fake-{message.to}-{self.delivered[message.to]}"


def seed(org_sizes: dict[str, int]) -> None:
    from chalicelib.store import applicants as applicant_store

    people, interviews, number = [], [], 0
    for org, size in org_sizes.items():
        for _ in range(size):
            applicant_id = f"apl_burst_{number:06d}"
            people.append(
                applicant_store.new(
                    org,
                    applicant_id,
                    "vac_bench",
                    NOW,
                    first_name="Bench",
                    last_name=f"Person{number}",
                    email=f"bench{number}@example.com",
                    status="invited",
                )
            )
            reminder = {"channel": "email", "days_before": 2, "send_on": "2026-12-05", "status": "scheduled"}
            interviews.append(interview_item(org, number, START, "in_person", reminder, applicant_id))
            number += 1
    save_all(people)
    save_all(interviews)


def enqueue() -> int:
    """The schedule's function, and each invocation it hands on to, until the run is done."""
    from chalicelib.services.reminders import enqueue

    cursor, total = None, 0
    while True:
        handed: list[Any] = []
        invocation_started = time.monotonic()
        result = enqueue.enqueue_due(
            RUN_AT,
            cursor=cursor,
            time_left=lambda started=invocation_started: (LAMBDA_TIMEOUT_S - (time.monotonic() - started)) * 1000,
            hand_on=handed.append,
        )
        total += result["enqueued"]
        if result["done"]:
            return total
        (cursor,) = handed


def worker(stop: threading.Event, clock: Any, failures: Counter[str]) -> None:
    """One Lambda instance: the event source hands it up to ten messages at a time."""
    import boto3

    from chalicelib import config
    from chalicelib.services.reminders import handler

    sqs = boto3.client("sqs", region_name=config.region())
    url = sqs.get_queue_url(QueueName=config.reminder_queue_name())["QueueUrl"]
    while not stop.is_set():
        messages = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["ApproximateReceiveCount"]
        ).get("Messages", [])
        if not messages:
            time.sleep(0.05)
            continue
        event = {
            "Records": [
                {
                    "messageId": message["MessageId"],
                    "receiptHandle": message["ReceiptHandle"],
                    "body": message["Body"],
                    "attributes": message.get("Attributes", {}),
                    "messageAttributes": {},
                    "eventSource": "aws:sqs",
                }
                for message in messages
            ]
        }
        started = time.monotonic()
        response = handler.deliver(
            event,
            clock=clock,
            time_left=lambda started=started: (LAMBDA_TIMEOUT_S - (time.monotonic() - started)) * 1000,
        )
        failed = {failure["itemIdentifier"] for failure in response["batchItemFailures"]}
        failures["batch item failures"] += len(failed)
        for message in messages:  # what the event source mapping does with a partial batch response
            if message["MessageId"] not in failed:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


def outcomes(org_sizes: dict[str, int]) -> Counter[str]:
    from chalicelib.store.models import Interview

    statuses: Counter[str] = Counter()
    for org in org_sizes:
        for interview in Interview.by_start.query(org):
            reminder = interview.reminder or {}
            statuses[reminder.get("status", "none")] += 1
            if reminder.get("status") in ("failed", "skipped"):
                statuses[f"{reminder['status']}: {str(reminder.get('reason', ''))[:80]}"] += 1
    return statuses


@contextmanager
def one_emulated_call_at_a_time() -> Iterator[None]:
    """moto's DynamoDB is not safe against a Query racing an update in another thread (it sorts items whose
    index keys another thread is removing). DynamoDB is; so the model serialises the emulator's calls, which
    share one core under the GIL anyway, and leaves our code's own concurrency as it is."""
    from moto.core.botocore_stubber import BotocoreStubber

    lock = threading.RLock()
    original = BotocoreStubber.__call__

    def serialised(self: Any, event_name: str, request: Any, **kwargs: Any) -> Any:
        with lock:
            return original(self, event_name, request, **kwargs)

    BotocoreStubber.__call__ = serialised  # type: ignore[method-assign]
    try:
        yield
    finally:
        BotocoreStubber.__call__ = original  # type: ignore[method-assign]


@contextmanager
def without_per_message_queue_scans() -> Iterator[None]:
    """moto's SendMessage (a content-based deduplication check) and ReceiveMessage (a retention check per
    message) read one setting of the queue by building all its attributes, which counts every message on
    the queue three times: O(queue length) per message, so O(n^2) for a burst. With 2,000 on the queue
    that was about 3 s of CPU per ReceiveMessage and 160 s for the enqueue (most of what the emulator
    cost per reminder); SQS has no such cost. While moto sends or receives, the model leaves the three
    counts out of those attributes (nothing there reads them; GetQueueAttributes still counts)."""
    from moto.sqs.models import Queue, SQSBackend

    counts = (
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesDelayed",
        "ApproximateNumberOfMessagesNotVisible",
    )
    settings_only = [name for name in Queue.BASE_ATTRIBUTES if name not in counts]
    originals = {name: getattr(SQSBackend, name) for name in ("send_message", "receive_message")}

    def without_counts(original: Any) -> Any:
        def call(self: Any, queue_name: str, *args: Any, **kwargs: Any) -> Any:
            queue = self.get_queue(queue_name)
            queue.BASE_ATTRIBUTES = settings_only  # shadows the class's list, for this call only
            try:
                return original(self, queue_name, *args, **kwargs)
            finally:
                del queue.BASE_ATTRIBUTES

        return call

    for name, original in originals.items():
        setattr(SQSBackend, name, without_counts(original))
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(SQSBackend, name, original)


def warm_up() -> None:
    """Every module of chalicelib (and what they import), imported once before the threads start.

    Python's lazy imports are not safe to race: two threads importing the same module at once can see it
    half-initialised (`module 'chalicelib.services.organisations' has no attribute 'reserve'`), which
    fails a reminder after its claim. A Lambda instance runs one invocation at a time and never races
    itself, so the model imports up front what a worker would import on first use.
    """
    import importlib
    import pkgutil

    import chalicelib

    for module in pkgutil.walk_packages(chalicelib.__path__, "chalicelib."):
        importlib.import_module(module.name)
    for module in ("babel.dates", "babel.units", "babel.lists", "icalendar", "aws_lambda_powertools.utilities.batch"):
        importlib.import_module(module)


def queue_drained(sqs: Any, url: str) -> bool:
    """Nothing left on the queue, visible, in flight or delayed: every reminder has had its outcome.

    One GetQueueAttributes call: the model's own bookkeeping must not compete with the workers for the
    emulator (a full read of 2,000 interviews every 30 s took a third of the run's CPU).
    """
    names = [
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed",
    ]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=names)["Attributes"]
    return sum(int(attributes.get(name, 0)) for name in names) == 0


def bench_burst() -> str:
    import boto3

    from chalicelib import config
    from chalicelib.notify import email

    os.environ["SES_MAX_SEND_RATE"] = str(RATE)
    os.environ["REMINDER_MAX_CONCURRENCY"] = str(WORKERS)
    sizes = {f"org-{n:02d}": 0 for n in range(ORGS)}
    sizes["org-00"] = DUE // 2  # one organisation with half of the morning
    for n in range(DUE - DUE // 2):
        sizes[f"org-{1 + n % (ORGS - 1):02d}"] += 1
    fake = FakeSes(RATE, TRANSIENT)
    warm_up()
    with (
        embedded_app(),
        without_whole_table_rollback_copies(),
        without_per_message_queue_scans(),
        one_emulated_call_at_a_time(),
    ):
        seed(sizes)
        real_send, email.send = email.send, fake.send
        sqs = boto3.client("sqs", region_name=config.region())
        url = sqs.get_queue_url(QueueName=config.reminder_queue_name())["QueueUrl"]
        wall_start, cpu_start = time.monotonic(), time.process_time()
        simulated = lambda: RUN_AT + timedelta(seconds=time.monotonic() - wall_start)  # noqa: E731
        stop, failures = threading.Event(), Counter()
        threads = [threading.Thread(target=worker, args=(stop, simulated, failures)) for _ in range(WORKERS)]
        try:
            for thread in threads:
                thread.start()
            enqueued = enqueue()
            enqueued_after = time.monotonic() - wall_start
            deadline = wall_start + 3 * DUE / RATE + 60
            checked = time.monotonic()
            while time.monotonic() < deadline and len(fake.delivered) < DUE:
                time.sleep(0.5)
                if time.monotonic() - checked > 10:  # moto counts the queue's messages one by one: now and then
                    if queue_drained(sqs, url):
                        break
                    checked = time.monotonic()
        finally:
            stop.set()
            for thread in threads:
                thread.join()
            email.send = real_send
        cpu = time.process_time() - cpu_start
        statuses = outcomes(sizes)
    elapsed = fake.last_delivery - wall_start
    first = fake.first_delivery - wall_start
    ideal = DUE / RATE
    sent = len(fake.delivered)
    duplicates = sum(count - 1 for count in fake.delivered.values())
    failed = statuses["failed"] + statuses["skipped"]
    lost = DUE - sent - failed
    reasons = {key: count for key, count in statuses.items() if ":" in key}
    why = json.dumps(dict(failures)) + ("; " + json.dumps(reasons) if reasons else "")
    verdict = "" if (failed, duplicates, lost) == (0, 0, 0) and elapsed / ideal <= 1.25 else ", MISSED"
    return (
        f"reminder burst: {DUE} due, sent {sent}, failed {failed}, duplicates {duplicates}, "
        f"time / ideal {elapsed / ideal:.2f} (goal: F = 0, D = 0, none lost, R <= 1.25{verdict}) "
        f"[{enqueued} enqueued across {ORGS} organisations, {elapsed:.1f} s at {RATE:g}/s with {WORKERS} workers; "
        f"SES throttled {fake.throttled}, transient errors {fake.errors}, lost {lost}; "
        f"first sent after {first:.1f} s, enqueued after {enqueued_after:.0f} s, process CPU {cpu:.0f} s; {why}]"
    )


ALL = [bench_burst]

if __name__ == "__main__":
    main(ALL)
