"""The one connection transactions go through, created on first use.

A new PynamoDB Connection builds a new botocore client (about 0.2 s), so it is made once per region.
"""

from __future__ import annotations

from functools import cache

from pynamodb.connection import Connection

from chalicelib import aws, config

aws.share_with_pynamodb()


@cache
def _connection(region: str) -> Connection:
    return Connection(region=region)


def connection() -> Connection:
    return _connection(config.region())
