"""The embedded AWS of the local stage and the tests: every table, the reminder queues, the SES sender, the bucket.

In AWS these come from infra/; here they are made from the same model
definitions and names, so the local system and the deployed one agree.
"""

from __future__ import annotations

import contextlib
import json

from chalicelib import config

MAX_RECEIVES = 5  # matches infra/: a reminder message is tried this often before the dead-letter queue


def provision(
    verified_domains: tuple[str, ...] = (),
    verified_addresses: tuple[str, ...] = (),
    sender_domains: dict[str, str] | None = None,
) -> None:
    """`sender_domains` maps a domain to the organisation whose SES identity it is (its rendezvous:org tag)."""
    import boto3

    from chalicelib.files import s3
    from chalicelib.notify import clients, identities, queue
    from chalicelib.store.tables import create_all

    clients.reset()
    identities.reset()
    queue.reset()
    s3.reset()
    create_all()
    region = config.region()
    ses = boto3.client("ses", region_name=region)
    for domain in verified_domains:
        ses.verify_domain_identity(Domain=domain)
    for address in (config.mail_from(), *verified_addresses):
        ses.verify_email_identity(EmailAddress=address)
    sesv2 = boto3.client("sesv2", region_name=region)
    for domain, org in (sender_domains or {}).items():
        sesv2.create_email_identity(EmailIdentity=domain, Tags=[{"Key": identities.ORG_TAG, "Value": org}])
    sqs = boto3.client("sqs", region_name=region)
    dlq = sqs.create_queue(QueueName=f"{config.reminder_queue_name()}-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sqs.create_queue(
        QueueName=config.reminder_queue_name(),
        Attributes={
            "VisibilityTimeout": "180",
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(MAX_RECEIVES)}),
        },
    )
    create_documents_bucket(region)


def create_documents_bucket(region: str) -> None:
    """The documents bucket as infra/ makes it: private, encrypted, open to the front end's form POST."""
    import boto3

    s3 = boto3.client("s3", region_name=region)
    bucket = config.documents_bucket()
    location = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):  # like create_all(): what exists is kept
        s3.create_bucket(Bucket=bucket, **location)
    s3.put_public_access_block(
        Bucket=bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )
    s3.put_bucket_cors(
        Bucket=bucket,
        CORSConfiguration={
            "CORSRules": [{"AllowedMethods": ["POST", "GET"], "AllowedOrigins": ["*"], "AllowedHeaders": ["*"]}]
        },
    )


# SES's mailbox simulator, locally ---------------------------------------------------------


def sns_envelope(document: dict) -> dict:
    """A Lambda event from an SNS subscription, carrying one SES event document as SES publishes it."""
    topic = f"arn:aws:sns:{config.region()}:123456789012:{config.email_events_topic_name()}"
    return {
        "Records": [
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": f"{topic}:local",
                "Sns": {
                    "Type": "Notification",
                    "MessageId": f"local-{document['mail']['messageId']}-{document['eventType']}",
                    "TopicArn": topic,
                    "Subject": None,
                    "Message": json.dumps(document),
                    "Timestamp": document["mail"]["timestamp"],
                    "MessageAttributes": {},
                },
            }
        ]
    }


def sms_log_envelope(documents: list[dict], failed: bool = False) -> dict:
    """A Lambda event from a CloudWatch Logs subscription on SNS's SMS delivery status log group."""
    import base64
    import gzip

    suffix = "/Failure" if failed else ""
    data = {
        "messageType": "DATA_MESSAGE",
        "owner": "123456789012",
        "logGroup": f"sns/{config.region()}/123456789012/DirectPublishToPhoneNumber{suffix}",
        "logStream": "local",
        "subscriptionFilters": ["sms-receipts"],
        "logEvents": [
            {"id": str(index), "timestamp": 0, "message": json.dumps(document)}
            for index, document in enumerate(documents)
        ],
    }
    return {"awslogs": {"data": base64.b64encode(gzip.compress(json.dumps(data).encode())).decode()}}


class MailboxSimulator:
    """What SES and SNS would publish about each message the embedded AWS sends, fed to the same handlers.

    `sent_email` and `sent_sms` are called as moto sends; a thread (`start`) hands each message's
    events to `services.deliveries` a moment later, as SES would, retrying while the record of the
    message is not written yet (the sending request writes it right after SES answers). `drain()`
    does the same at once, for tests.
    """

    def __init__(self, wait_seconds: float = 0.2, patience_seconds: float = 5.0) -> None:
        import threading

        self.wait_seconds = wait_seconds
        self.patience_seconds = patience_seconds
        self._lock = threading.Lock()
        self._pending: list[dict] = []  # {"due", "until", "event", "kind"}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def sent_email(self, message_id: str, destination: list[str], source: str) -> None:
        import time
        from datetime import UTC, datetime

        from chalicelib.domain.delivery import simulated_events

        now = time.monotonic()
        for document in simulated_events(message_id, destination, source, datetime.now(UTC)):
            self._add({"due": now + self.wait_seconds, "until": now + self.patience_seconds, "email": document})

    def sent_sms(self, message_id: str, number: str) -> None:
        import time
        from datetime import UTC, datetime

        now = time.monotonic()
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
        document = {
            "notification": {"messageId": message_id, "timestamp": stamp},
            "delivery": {
                "mnc": 1,
                "numberOfMessageParts": 1,
                "destination": number,
                "priceInUSD": 0.0,
                "smsType": "Transactional",
                "mcc": 242,
                "providerResponse": "Message has been accepted by phone carrier",
                "dwellTimeMs": 200,
                "dwellTimeMsUntilDeviceAck": 1000,
            },
            "status": "SUCCESS",
        }
        self._add({"due": now + self.wait_seconds, "until": now + self.patience_seconds, "sms": document})

    def _add(self, item: dict) -> None:
        with self._lock:
            self._pending.append(item)

    def drain(self, force: bool = True) -> int:
        """Hand over every event that is due (all of them with `force`); answers how many were recorded."""
        import time

        from chalicelib.services import deliveries

        now = time.monotonic()
        with self._lock:
            due = [item for item in self._pending if force or item["due"] <= now]
            self._pending = [item for item in self._pending if item not in due]
        recorded, retry = 0, []
        for item in due:
            if "email" in item:
                outcomes = deliveries.on_email_events(sns_envelope(item["email"]))
            else:
                outcomes = deliveries.on_sms_logs(sms_log_envelope([item["sms"]]))
            if outcomes.get("unknown") and not force and now < item["until"]:
                retry.append({**item, "due": now + self.wait_seconds})  # its record is not written yet
            recorded += outcomes.get("recorded", 0)
        with self._lock:
            self._pending = retry + self._pending
        return recorded

    def start(self) -> None:
        import threading

        self._thread = threading.Thread(target=self._run, name="mailbox-simulator", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import logging

        while not self._stop.wait(0.1):
            try:
                self.drain(force=False)
            except Exception:
                logging.getLogger("rendezvous.local").exception("the mailbox simulator failed; going on")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
