"""The function's one botocore session (per thread), behind every AWS client: PynamoDB's and boto3's.

A botocore session caches what it reads from botocore's data files: each service's model, the
endpoint rules, the partitions. PynamoDB makes a session of its own for each connection, that is
for each table a request touches, and boto3 its default one: at a cold start each new session
reads and parses the same files again (about 0.1 s of CPU per DynamoDB table). Sharing one session
reads them once. It is one per thread because botocore does not promise that making clients from
one session is thread-safe (PynamoDB keeps its sessions per thread for the same reason); a Lambda
instance runs one thread, the local server and the tests several.
"""

from __future__ import annotations

import threading
from typing import Any

_LOCAL = threading.local()


def session() -> Any:
    """This thread's botocore session."""
    found = getattr(_LOCAL, "botocore", None)
    if found is None:
        from botocore.session import get_session

        found = _LOCAL.botocore = get_session()
    return found


def client(service: str, **kwargs: Any) -> Any:
    """A boto3 client on this thread's session (`boto3.client(...)`'s arguments)."""
    found = getattr(_LOCAL, "boto3", None)
    if found is None:
        import boto3

        found = _LOCAL.boto3 = boto3.Session(botocore_session=session())
    return found.client(service, **kwargs)


def share_with_pynamodb() -> None:
    """PynamoDB's connections take their session from this module instead of making their own
    (PynamoDB has no setting for it: it calls botocore's `get_session` as imported into its module)."""
    from pynamodb.connection import base

    base.get_session = session
