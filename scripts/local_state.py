"""What `make run` keeps between runs: the tables, the documents bucket and the outbox.

The embedded AWS (moto) holds everything in memory. The runner writes a snapshot of it
into a git-ignored folder (`.local-aws/` unless RENDEZVOUS_LOCAL_STATE says otherwise)
a moment after anything changed and once more on the way out, and loads it back on the
next start, so ids, answer links, tokens and the outbox's links keep working.

- `snapshot.json` holds every table's items (as DynamoDB's JSON, read with Scan), the
  bucket's object list (key, type, metadata, the blob holding its bytes) and the outbox
  (each email's raw MIME message and each SMS, with the time it was sent). It is written
  to a temporary file and renamed, so a crash leaves the previous snapshot whole.
- `blobs/` holds the objects' bytes under their SHA-256, written before the snapshot
  naming them; unnamed blobs are removed after each snapshot.
- `aws-port` remembers the embedded AWS's port, so presigned upload and download URLs
  handed out before a restart still reach it.

Not kept: messages waiting on the reminder queue (locally the queue is drained as soon
as a run puts them there). A snapshot is taken at most every SNAPSHOT_SECONDS while
requests come in, so a crash loses at most that much.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SNAPSHOT_SECONDS = 2.0
FORMAT = 1
# Requests made with this access key are the snapshot's own reads: they change nothing.
SNAPSHOT_ACCESS_KEY = "snapshot"
# DynamoDB operations that only read (everything else is a write, or may be one).
DYNAMODB_READS = frozenset(
    {"GetItem", "BatchGetItem", "Query", "Scan", "DescribeTable", "ListTables", "DescribeTimeToLive"}
)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Outbox:
    """Every email and SMS the embedded AWS sent, oldest first, each with the time it went.

    The runner hooks it into moto's SES and SNS backends (see `record_from`), and it is
    part of the snapshot, so the outbox survives a restart like the data it links to.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: list[dict[str, Any]] = []
        # Told of every email (id, destinations, source) and SMS (id, number) as it goes: the mailbox simulator.
        self.email_listeners: list[Callable[[str, list[str], str], None]] = []
        self.sms_listeners: list[Callable[[str, str], None]] = []

    def add(self, message: dict[str, Any]) -> None:
        with self._lock:
            self._messages.append(message)

    def load(self, messages: Iterable[dict[str, Any]]) -> None:
        with self._lock:
            self._messages = list(messages)

    def messages(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._messages)

    def raw(self, message_id: str) -> bytes | None:
        for message in self.messages():
            if message["kind"] == "email" and message["id"] == message_id:
                return base64.b64decode(message["raw"])
        return None

    def record_from(self, region: str) -> None:
        """Record what moto's SES and SNS backends send from now on."""
        from moto.core import DEFAULT_ACCOUNT_ID
        from moto.ses.models import ses_backends
        from moto.sns.models import sns_backends

        outbox = self

        class SentEmails(list):
            def append(self, message: Any) -> None:
                super().append(message)
                raw = getattr(message, "raw_data", None)
                if raw is None:  # only raw messages are sent (chalicelib/notify/email.py)
                    return
                outbox.add(
                    {
                        "kind": "email",
                        "id": message.id,
                        "sent_at": now_iso(),
                        "to": list(message.destinations),
                        "raw": base64.b64encode(raw if isinstance(raw, bytes) else raw.encode()).decode(),
                    }
                )
                for listener in outbox.email_listeners:
                    listener(message.id, list(message.destinations), message.source)

        class SentSms(OrderedDict):
            def __setitem__(self, message_id: str, value: tuple[str, str]) -> None:
                super().__setitem__(message_id, value)
                number, text = value
                outbox.add({"kind": "sms", "id": message_id, "sent_at": now_iso(), "to": number, "message": text})
                for listener in outbox.sms_listeners:
                    listener(message_id, number)

        ses = ses_backends[DEFAULT_ACCOUNT_ID][region]
        ses.sent_messages = SentEmails(ses.sent_messages)
        sns = sns_backends[DEFAULT_ACCOUNT_ID][region]
        sns.sms_messages = SentSms(sns.sms_messages)


class ChangeTracker:
    """WSGI middleware in front of the embedded AWS: notes when a request may have changed something."""

    def __init__(self, app: Callable) -> None:
        self.app = app
        self.changed = threading.Event()

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Any:
        if self.may_change(environ):
            self.changed.set()
        return self.app(environ, start_response)

    @staticmethod
    def may_change(environ: dict[str, Any]) -> bool:
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD", "OPTIONS"):
            return False
        if f"Credential={SNAPSHOT_ACCESS_KEY}/" in environ.get("HTTP_AUTHORIZATION", ""):
            return False
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        return not (target.startswith("DynamoDB_") and target.rpartition(".")[2] in DYNAMODB_READS)


class LocalState:
    """The snapshot folder of one local runner."""

    def __init__(self, folder: Path, endpoint_url: str, region: str, table_prefix: str, bucket: str) -> None:
        self.folder = folder
        self.endpoint_url = endpoint_url
        self.region = region
        self.table_prefix = table_prefix
        self.bucket = bucket
        self.outbox = Outbox()
        self._write_lock = threading.Lock()

    # -- the folder ---------------------------------------------------------------------

    @property
    def snapshot_file(self) -> Path:
        return self.folder / "snapshot.json"

    @property
    def blobs(self) -> Path:
        return self.folder / "blobs"

    def exists(self) -> bool:
        return self.snapshot_file.exists()

    @staticmethod
    def remembered_port(folder: Path) -> int | None:
        with contextlib.suppress(OSError, ValueError):
            return int((folder / "aws-port").read_text().strip())
        return None

    @staticmethod
    def remember_port(folder: Path, port: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "aws-port").write_text(f"{port}\n")

    # -- AWS, as a client of the embedded server ---------------------------------------

    def _client(self, service: str) -> Any:
        import boto3

        return boto3.client(
            service,
            region_name=self.region,
            endpoint_url=self.endpoint_url,
            aws_access_key_id=SNAPSHOT_ACCESS_KEY,
            aws_secret_access_key=SNAPSHOT_ACCESS_KEY,
        )

    def _tables(self, dynamodb: Any) -> list[str]:
        names = []
        for page in dynamodb.get_paginator("list_tables").paginate():
            names += [name for name in page["TableNames"] if name.startswith(f"{self.table_prefix}-")]
        return sorted(names)

    # -- snapshot -----------------------------------------------------------------------

    def snapshot(self) -> None:
        """Write everything the embedded AWS holds now; the previous snapshot stays whole until the rename."""
        with self._write_lock:
            dynamodb = self._client("dynamodb")
            tables = {}
            for name in self._tables(dynamodb):
                items: list[dict[str, Any]] = []
                for page in dynamodb.get_paginator("scan").paginate(TableName=name):
                    items += page["Items"]
                tables[name] = items
            objects = self._snapshot_bucket()
            data = {
                "format": FORMAT,
                "written_at": now_iso(),
                "tables": tables,
                "bucket": objects,
                "outbox": self.outbox.messages(),
            }
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = self.snapshot_file.with_suffix(".partial")
            with partial.open("w", encoding="utf-8") as file:
                json.dump(data, file)
                file.flush()
                os.fsync(file.fileno())
            os.replace(partial, self.snapshot_file)
            named = {entry["blob"] for entry in objects}
            for blob in self.blobs.glob("*"):
                if blob.name not in named:
                    blob.unlink(missing_ok=True)

    def _snapshot_bucket(self) -> list[dict[str, Any]]:
        s3 = self._client("s3")
        objects = []
        self.blobs.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(s3.exceptions.NoSuchBucket):
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket):
                for summary in page.get("Contents", []):
                    answer = s3.get_object(Bucket=self.bucket, Key=summary["Key"])
                    body = answer["Body"].read()
                    blob = hashlib.sha256(body).hexdigest()
                    if not (self.blobs / blob).exists():
                        partial = self.blobs / f"{blob}.partial"
                        partial.write_bytes(body)
                        os.replace(partial, self.blobs / blob)
                    objects.append(
                        {
                            "key": summary["Key"],
                            "content_type": answer.get("ContentType", "binary/octet-stream"),
                            "metadata": answer.get("Metadata", {}),
                            "blob": blob,
                        }
                    )
        return objects

    # -- restore ------------------------------------------------------------------------

    def restore(self) -> dict[str, int]:
        """Load the snapshot into a freshly provisioned embedded AWS; answers what came back."""
        data = json.loads(self.snapshot_file.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"{self.snapshot_file} has format {data.get('format')}, expected {FORMAT}")
        dynamodb = self._client("dynamodb")
        existing = set(self._tables(dynamodb))
        tables = dict(data["tables"])
        if f"{self.table_prefix}-interviews" not in existing:  # a snapshot from before issue 11
            from scripts.migrate_interviews import moved_in_snapshot

            moved_in_snapshot(tables, self.table_prefix)
        items = 0
        for name, table_items in tables.items():
            if name not in existing:  # a table the models no longer declare
                continue
            for start in range(0, len(table_items), 25):
                requests = [{"PutRequest": {"Item": item}} for item in table_items[start : start + 25]]
                unprocessed: dict[str, Any] = {name: requests}
                while unprocessed:
                    unprocessed = dynamodb.batch_write_item(RequestItems=unprocessed).get("UnprocessedItems", {})
            items += len(table_items)
        s3 = self._client("s3")
        for entry in data["bucket"]:
            s3.put_object(
                Bucket=self.bucket,
                Key=entry["key"],
                Body=(self.blobs / entry["blob"]).read_bytes(),
                ContentType=entry["content_type"],
                Metadata=entry["metadata"],
            )
        self.outbox.load(data["outbox"])
        return {"items": items, "files": len(data["bucket"]), "messages": len(data["outbox"])}

    @staticmethod
    def forget(folder: Path) -> None:
        """Start over: the next run provisions and seeds afresh."""
        shutil.rmtree(folder, ignore_errors=True)


class Snapshotter:
    """Takes a snapshot a moment after something changed, and a last one on stop."""

    def __init__(self, state: LocalState, changes: threading.Event, seconds: float = SNAPSHOT_SECONDS) -> None:
        self.state = state
        self.changes = changes
        self.seconds = seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="snapshot", daemon=True)
        self.failures = 0

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.seconds):
            if self.changes.is_set():
                self.changes.clear()
                self._take()

    def _take(self) -> None:
        try:
            self.state.snapshot()
        except Exception as error:
            self.failures += 1
            self.changes.set()
            print(f"Could not save the local data ({type(error).__name__}: {error}); retrying.", flush=True)

    def stop(self) -> None:
        """Stop the thread and write the final snapshot."""
        self._stop.set()
        self._thread.join(timeout=30)
        deadline = time.monotonic() + 10
        self._take()
        while self.changes.is_set() and time.monotonic() < deadline:
            self.changes.clear()
            self._take()
