from __future__ import annotations

from functools import cache
from typing import Any

from chalicelib import config


@cache
def _client(service: str, region: str, attempts: int) -> Any:
    from botocore.config import Config

    from chalicelib import aws

    return aws.client(
        service, region_name=region, config=Config(retries={"max_attempts": attempts, "mode": "standard"})
    )


def client(service: str, retry: bool = True) -> Any:
    """`retry=False` where a retried call could do twice what must be done once (a reminder SMS):
    the SDK retries timeouts too, after which the first call may well have gone through."""
    return _client(service, config.region(), 3 if retry else 1)


def reset() -> None:
    """Forget cached clients (tests start a fresh embedded AWS)."""
    _client.cache_clear()
