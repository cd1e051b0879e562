"""The applicant's own access to their stored profile ("save & send access", instead of a password).

Pure rules: who may get a link, how long it lives, what a correction changes, and
where a deletion request leads.

A deletion request is the applicant's `delete`: it follows the same transition
table as the recruiter's action (chalicelib/domain/pipeline.py), so the application
lands on the deleted-applications list, where a recruiter purges it for good (or
restores it, if there is a reason to keep it). Where `delete` is not allowed (a
hired applicant is an employee now) the request is only recorded, for a person to
handle. Either way the request itself is kept on the applicant (`deletion_requested_at`
and a history event) so that nobody can miss it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from chalicelib.domain import pipeline

ACCESS_VALIDITY = timedelta(days=30)
LINK_RETENTION = timedelta(days=30)
"""The TTL sweeps a profile link this long after it stopped working."""

CORRECTABLE = ("first_name", "last_name", "email", "mobile", "language")
"""What the applicant may correct themselves; the rest is the application, not their person."""


def can_receive_access(status: str) -> bool:
    """A deleted application is on its way out: restore it before inviting the person to look at it."""
    return status != "deleted"


def after_deletion_request(status: str) -> str:
    """The status a deletion request leaves: `deleted` where the pipeline allows `delete`, else unchanged."""
    return pipeline.next_status(status, "delete") if pipeline.allowed(status, "delete") else status


def corrections(stored: Mapping[str, Any], submitted: Mapping[str, Any]) -> dict[str, Any]:
    """The correctable fields whose submitted value differs from the stored one (None removes a field)."""
    return {name: submitted.get(name) for name in CORRECTABLE if (submitted.get(name) or None) != stored.get(name)}


def fingerprint(stored: dict[str, Any]) -> str:
    """What the profile page showed, in short: a correction made on a page whose data has changed
    since is stale. Only these fields count, so a recruiter's note in the history or a rating does not."""
    import hashlib
    import json

    shown = json.dumps({name: stored.get(name) for name in CORRECTABLE}, sort_keys=True, default=str)
    return hashlib.sha256(shown.encode()).hexdigest()[:16]
