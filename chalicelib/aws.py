"""The function's one botocore session (per thread), behind every AWS client: PynamoDB's and ours.

A botocore session caches what it reads from botocore's data files: each service's model, the
endpoint rules, the partitions. PynamoDB makes a session of its own for each connection, that is
for each table a request touches, and boto3 its default one: at a cold start each new session
reads and parses the same files again (about 0.1 s of CPU per DynamoDB table). Sharing one session
reads them once. PynamoDB also makes a DynamoDB client per connection (per table, again): each costs
a few milliseconds of CPU to build (its class, endpoint rules, event handlers), so the tables share one
client per set of options too. It is one per thread because botocore does not promise that making clients from
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
    """A client on this thread's session (`boto3.client(...)`'s arguments). A boto3 client is this very
    botocore client; boto3 itself only adds resources and S3's managed transfers, which we do not use, and
    costs a cold start s3transfer and 30-odd modules (about 25 ms of CPU)."""
    return session().create_client(service, **kwargs)


class _SharedClients:
    """This thread's session as PynamoDB sees it: `create_client` hands every connection that asks with
    the same arguments the same client. A client without credentials is never handed on (PynamoDB makes
    a new one then, so that a failed credential lookup does not poison the table for good)."""

    def __init__(self, botocore_session: Any) -> None:
        self._session = botocore_session
        self._clients: dict[tuple, Any] = {}

    def create_client(self, service: str, region_name: str | None = None, **kwargs: Any) -> Any:
        options = kwargs.get("config")
        key = (
            service,
            region_name,
            tuple(sorted((name, repr(value)) for name, value in kwargs.items() if name != "config")),
            repr(sorted(options._user_provided_options.items())) if options is not None else None,
        )
        found = self._clients.get(key)
        signer = getattr(found, "_request_signer", None)
        if found is None or (signer is not None and not signer._credentials):
            found = self._clients[key] = self._session.create_client(service, region_name, **kwargs)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


def pynamodb_session() -> Any:
    """This thread's session, sharing its DynamoDB clients between PynamoDB's connections."""
    found = getattr(_LOCAL, "pynamodb", None)
    if found is None or found._session is not session():
        found = _LOCAL.pynamodb = _SharedClients(session())
    return found


def share_with_pynamodb() -> None:
    """PynamoDB's connections take their session from this module instead of making their own
    (PynamoDB has no setting for it: it calls botocore's `get_session` as imported into its module)."""
    from pynamodb.connection import base

    base.get_session = pynamodb_session
