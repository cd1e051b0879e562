from __future__ import annotations

from functools import cache
from typing import Any

from chalicelib import config


@cache
def _client(service: str, region: str) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.client(service, region_name=region, config=Config(retries={"max_attempts": 3, "mode": "standard"}))


def client(service: str) -> Any:
    return _client(service, config.region())


def reset() -> None:
    """Forget cached clients (tests start a fresh embedded AWS)."""
    _client.cache_clear()
