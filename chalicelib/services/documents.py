"""Applicants' documents: presigned uploads, the list, downloads, deletion, and documents we make ourselves.

The browser uploads straight to S3, so the API never sees the bytes and never
learns by itself that an upload happened. A pending document is settled the next
time it is read: S3 is asked what it holds, the object is judged against what
was declared, and the document becomes `uploaded`, `rejected` (the object is
deleted) or, once the upload window has passed with nothing there, `expired`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from chalicelib import config, contract
from chalicelib.domain import cursors
from chalicelib.domain import documents as rules
from chalicelib.domain.actors import Recruiter
from chalicelib.domain.errors import InvalidTransitionError, UnavailableError
from chalicelib.domain.history import history_event
from chalicelib.domain.ids import new_id
from chalicelib.store import applicants as applicant_store
from chalicelib.store import documents as store


def view(document: Any, now: datetime | None = None) -> contract.Document:
    """The document; with `now`, an uploaded one also gets a download link valid from then."""
    download_url = download_expires_at = None
    if now is not None and document.status == rules.UPLOADED:
        from chalicelib.files import s3

        download_url = s3.presigned_download(
            document.s3_key,
            document.content_type,
            rules.content_disposition(document.filename),
            int(rules.DOWNLOAD_WINDOW.total_seconds()),
        )
        download_expires_at = now + rules.DOWNLOAD_WINDOW
    return contract.Document(
        id=document.document_id,
        applicant_id=document.applicant_id,
        kind=document.kind,
        filename=document.filename,
        content_type=document.content_type,
        size=int(document.size),
        status=document.status,
        error=document.error.as_dict() if document.error else None,
        created_at=document.created_at,
        created_by=document.created_by,
        uploaded_at=document.uploaded_at,
        download_url=download_url,
        download_expires_at=download_expires_at,
    )


@contextmanager
def s3_answering() -> Iterator[None]:
    """S3 failing (throttled, unreachable) is ours to report as 503, never a 500."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except (BotoCoreError, ClientError) as exc:
        raise UnavailableError("The documents store did not answer just now; try again.") from exc


def create(
    recruiter: Recruiter, applicant_id: str, data: contract.DocumentCreate, now: datetime
) -> contract.DocumentCreated:
    from chalicelib.files import s3

    applicant = applicant_store.get(recruiter.org, applicant_id)
    if applicant.status == applicant_store.DELETED:
        raise InvalidTransitionError("The applicant is deleted; restore them before adding documents.")
    document_id = new_id("doc", now)
    filename = rules.display_filename(data.filename)
    document = store.new(
        recruiter.org,
        applicant_id,
        document_id,
        now,
        kind=data.kind,
        filename=filename,
        content_type=data.content_type,
        size=data.size,
        status=rules.PENDING,
        s3_key=rules.object_key(recruiter.org, applicant_id, document_id, filename),
        upload_expires_at=now + rules.UPLOAD_WINDOW,
        created_by=recruiter.user_id,
    )
    event = history_event(
        now, recruiter.user_id, "document_added", document_id=document_id, kind=data.kind, filename=filename
    )
    store.add(document, event)
    with s3_answering():
        upload = s3.presigned_upload(
            document.s3_key, data.content_type, rules.MAX_SIZE, int(rules.UPLOAD_WINDOW.total_seconds())
        )
    return contract.DocumentCreated(
        document=view(document),
        upload=contract.DocumentUpload(
            url=upload["url"],
            fields=upload["fields"],
            expires_at=document.upload_expires_at,
            max_size=rules.MAX_SIZE,
        ),
    )


def page(recruiter: Recruiter, applicant_id: str, query: contract.Page, now: datetime) -> contract.DocumentList:
    applicant_store.get(recruiter.org, applicant_id)
    scope = f"documents:{applicant_id}"
    secret = config.cursor_secret()
    start = cursors.decode(secret, recruiter.org, scope, query.cursor)
    items, position = store.page(recruiter.org, applicant_id, query.limit, start)
    with s3_answering():
        views = [view(settle(item, now)) for item in items]
    return contract.DocumentList(items=views, next_cursor=cursors.encode(secret, recruiter.org, scope, position))


def get(recruiter: Recruiter, applicant_id: str, document_id: str, now: datetime) -> contract.Document:
    document = _find(recruiter.org, applicant_id, document_id)
    with s3_answering():
        return view(settle(document, now), now)


def delete(recruiter: Recruiter, applicant_id: str, document_id: str, now: datetime) -> None:
    """The object goes first: if forgetting the metadata then fails, deleting again finishes the job."""
    from chalicelib.files import s3

    document = _find(recruiter.org, applicant_id, document_id)
    with s3_answering():
        s3.delete(document.s3_key)
    event = history_event(
        now,
        recruiter.user_id,
        "document_deleted",
        document_id=document_id,
        kind=document.kind,
        filename=document.filename,
    )
    store.remove(document, event)


def _find(org: str, applicant_id: str, document_id: str) -> Any:
    applicant_store.get(org, applicant_id)  # another organisation's applicant is not found, whatever the id
    return store.get(org, applicant_id, document_id)


def settle(document: Any, now: datetime) -> Any:
    """A pending document becomes what S3 says it is; any other document is returned as it is."""
    from chalicelib.files import s3

    if document.status != rules.PENDING:
        return document
    stored = s3.head(document.s3_key)
    if stored is None:
        if document.upload_expires_at and now > document.upload_expires_at + rules.UPLOAD_GRACE:
            store.settle(document, rules.EXPIRED, now)
        return document
    first_bytes = s3.first_bytes(document.s3_key, rules.SNIFF_BYTES) if stored.size else b""
    verdict = rules.judge_upload(document.content_type, stored.content_type, stored.size, first_bytes)
    if verdict.accepted:
        store.settle(document, rules.UPLOADED, now, size=stored.size)
    else:
        s3.delete(document.s3_key)
        store.settle(document, rules.REJECTED, now, error={"field": verdict.field, "message": verdict.message})
    return document


def uploaded(org: str, applicant_id: str, now: datetime) -> list[Any]:
    """The applicant's documents whose files are in S3, oldest first (pending ones settled on the way)."""
    return [
        document
        for document in (settle(item, now) for item in store.for_applicant(org, applicant_id))
        if document.status == rules.UPLOADED
    ]


def add_generated(
    recruiter: Recruiter,
    applicant_id: str,
    kind: str,
    filename: str,
    content: bytes,
    content_type: str,
    now: datetime,
    **details: Any,
) -> Any:
    """Store a file we made (a contract) as an uploaded document; `details` go into its history event."""
    from chalicelib.files import s3

    document_id = new_id("doc", now)
    document = store.new(
        recruiter.org,
        applicant_id,
        document_id,
        now,
        kind=kind,
        filename=filename,
        content_type=content_type,
        size=len(content),
        status=rules.UPLOADED,
        s3_key=rules.object_key(recruiter.org, applicant_id, document_id, filename),
        uploaded_at=now,
        created_by=recruiter.user_id,
    )
    s3.put(document.s3_key, content, content_type)
    event = history_event(
        now, recruiter.user_id, "document_added", document_id=document_id, kind=kind, filename=filename, **details
    )
    try:
        store.add(document, event)
    except Exception:
        s3.delete(document.s3_key)  # no file without its metadata: purge and the list could not see it
        raise
    return document


def erase_for_purge(applicant: Any, now: datetime) -> list[Any]:
    """Erase a deleted applicant's files before purge removes the rest; returns their documents' metadata.

    S3 cannot take part in the purge's DynamoDB transaction, so the applicant is first marked
    as being purged (no restore from then on) and only then are the files deleted: a purge that
    fails after this point is finished by purging again. Everything under the applicant's prefix
    goes, whatever the metadata says, so no file can outlive them. A purge while an upload form
    is still valid is refused: S3 would accept the file after we looked.
    """
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.domain.errors import ConflictError, UnavailableError
    from chalicelib.files import s3
    from chalicelib.store import actions as action_store

    found = store.for_applicant(applicant.org, applicant.applicant_id)
    open_until = [
        document.upload_expires_at + rules.UPLOAD_GRACE
        for document in found
        if document.status == rules.PENDING
        and document.upload_expires_at
        and now <= document.upload_expires_at + rules.UPLOAD_GRACE
    ]
    if open_until:
        until = max(open_until).strftime("%H:%M UTC")
        raise ConflictError(f"An upload for this applicant is open until {until}; purge after that.")
    prefix = rules.applicant_prefix(applicant.org, applicant.applicant_id)
    try:
        if found or any(True for _ in s3.keys_under(prefix)):
            action_store.start_purge(applicant, now)
            s3.delete_under(prefix)
    except (BotoCoreError, ClientError, RuntimeError) as exc:
        raise UnavailableError("The applicant's files could not be erased just now; purge again.") from exc
    return found
