"""The documents bucket: presigned uploads and downloads, and the few object calls the app makes.

The client is created on first use (boto3 costs ~0.3 s to import) and cached per
region and endpoint. In AWS it signs for the regional endpoint with virtual-hosted
addressing, which is what browsers must POST to (the global endpoint answers a
presigned POST for a newer region with a redirect); locally `AWS_ENDPOINT_URL`
points at the embedded AWS, which wants path-style addresses.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from chalicelib import config

DELETE_BATCH = 1000  # keys in one DeleteObjects


@cache
def _client(region: str, endpoint_url: str | None) -> Any:
    from botocore.config import Config

    from chalicelib import aws

    return aws.client(
        "s3",
        region_name=region,
        endpoint_url=endpoint_url or f"https://s3.{region}.amazonaws.com",
        config=Config(
            signature_version="s3v4",
            s3={"addressing_style": "path" if endpoint_url else "virtual"},
            retries={"max_attempts": 3, "mode": "standard"},
        ),
    )


def client() -> Any:
    return _client(config.region(), config.aws_endpoint_url())


def reset() -> None:
    """Forget the cached client (tests start a fresh embedded AWS)."""
    _client.cache_clear()


@dataclass(frozen=True)
class StoredObject:
    size: int
    content_type: str | None


def presigned_upload(key: str, content_type: str, max_size: int, expires_in: int) -> dict[str, Any]:
    """A browser form upload that S3 itself holds to this key, this exact type and at most `max_size` bytes."""
    return client().generate_presigned_post(
        Bucket=config.documents_bucket(),
        Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_size]],
        ExpiresIn=expires_in,
    )


def presigned_download(key: str, content_type: str, disposition: str, expires_in: int) -> str:
    """A short-lived GET that makes the browser save the file under its name rather than render it."""
    return client().generate_presigned_url(
        "get_object",
        Params={
            "Bucket": config.documents_bucket(),
            "Key": key,
            "ResponseContentDisposition": disposition,
            "ResponseContentType": content_type,
        },
        ExpiresIn=expires_in,
    )


def head(key: str) -> StoredObject | None:
    """What S3 holds under `key`, or None if nothing (yet)."""
    from botocore.exceptions import ClientError

    try:
        answer = client().head_object(Bucket=config.documents_bucket(), Key=key)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            return None
        raise
    return StoredObject(size=int(answer["ContentLength"]), content_type=answer.get("ContentType"))


def first_bytes(key: str, count: int) -> bytes:
    answer = client().get_object(Bucket=config.documents_bucket(), Key=key, Range=f"bytes=0-{count - 1}")
    return answer["Body"].read()


def read(key: str) -> bytes:
    return client().get_object(Bucket=config.documents_bucket(), Key=key)["Body"].read()


def put(key: str, content: bytes, content_type: str) -> None:
    client().put_object(Bucket=config.documents_bucket(), Key=key, Body=content, ContentType=content_type)


def delete(key: str) -> None:
    client().delete_object(Bucket=config.documents_bucket(), Key=key)


def keys_under(prefix: str) -> Iterator[str]:
    paginator = client().get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=config.documents_bucket(), Prefix=prefix):
        for item in page.get("Contents", []):
            yield item["Key"]


def delete_under(prefix: str) -> int:
    """Delete every object under `prefix`; returns how many. Raises if S3 refuses any of them."""
    keys = list(keys_under(prefix))
    for start in range(0, len(keys), DELETE_BATCH):
        batch = keys[start : start + DELETE_BATCH]
        answer = client().delete_objects(
            Bucket=config.documents_bucket(),
            Delete={"Objects": [{"Key": key} for key in batch], "Quiet": True},
        )
        if answer.get("Errors"):
            first = answer["Errors"][0]
            raise RuntimeError(f"S3 did not delete {len(answer['Errors'])} objects, e.g. {first.get('Key')}: {first}")
    return len(keys)
