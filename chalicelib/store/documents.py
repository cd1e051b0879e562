"""Document metadata. The files themselves are in S3 (chalicelib.files); this is what we know about them.

A document is written together with an event in its applicant's history, in one
transaction that also checks the applicant still exists and is not deleted: a
deleted applicant never gains a document, which is what lets purge trust one
query to find them all.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.exceptions import PynamoDBException
from pynamodb.transactions import TransactWrite

from chalicelib.domain.documents import PENDING, UPLOADED
from chalicelib.domain.errors import ConflictError, NotFoundError, UnavailableError
from chalicelib.store import history
from chalicelib.store.applicants import DELETED
from chalicelib.store.connection import connection
from chalicelib.store.errors import failure, lost_race
from chalicelib.store.models import APPLICANT_ITEM, Applicant, Document, collection_key
from chalicelib.store.paging import one_page


def document_key(applicant_id: str, document_id: str) -> str:
    return f"{applicant_id}#{document_id}"


def new(org: str, applicant_id: str, document_id: str, now: datetime, **fields: Any) -> Document:
    return Document(
        org,
        document_key(applicant_id, document_id),
        document_id=document_id,
        applicant_id=applicant_id,
        created_at=now,
        **fields,
    )


def add(document: Document, event: dict[str, Any]) -> Document:
    """Store the document and its history event, if the applicant is there and not deleted."""
    try:
        with TransactWrite(connection=connection()) as transaction:
            transaction.condition_check(
                Applicant,
                collection_key(document.org, document.applicant_id),
                APPLICANT_ITEM,
                condition=Applicant.applicant_id.exists() & (Applicant.status != DELETED),
            )
            transaction.save(document, condition=Document.document_key.does_not_exist())
            transaction.save(history.item(document.org, document.applicant_id, event))
    except PynamoDBException as exc:
        if lost_race(exc):
            raise ConflictError("The applicant was deleted or changed meanwhile; reload and try again.") from exc
        raise UnavailableError("The document could not be stored just now; try again.") from exc
    return document


def remove(document: Document, event: dict[str, Any]) -> None:
    """Forget the document and note it in the history (the applicant may be deleted: erasing is always allowed)."""
    try:
        with TransactWrite(connection=connection()) as transaction:
            transaction.condition_check(
                Applicant,
                collection_key(document.org, document.applicant_id),
                APPLICANT_ITEM,
                condition=Applicant.applicant_id.exists(),
            )
            transaction.delete(document, condition=Document.document_key.exists())
            transaction.save(history.item(document.org, document.applicant_id, event))
    except PynamoDBException as exc:
        if lost_race(exc):
            raise NotFoundError(f"No document {document.document_id}.") from exc
        raise UnavailableError("The document could not be deleted just now; try again.") from exc


def get(org: str, applicant_id: str, document_id: str) -> Document:
    try:
        return Document.get(org, document_key(applicant_id, document_id))
    except Document.DoesNotExist:
        raise NotFoundError(f"No document {document_id}.") from None


def page(org: str, applicant_id: str, limit: int, start: dict | None) -> tuple[list[Document], dict | None]:
    return one_page(
        Document.query,
        limit,
        start,
        hash_key=org,
        range_key_condition=Document.document_key.startswith(f"{applicant_id}#"),
    )


def for_applicant(org: str, applicant_id: str) -> list[Document]:
    return list(Document.query(org, Document.document_key.startswith(f"{applicant_id}#"), consistent_read=True))


def settle(document: Document, status: str, now: datetime, size: int | None = None, error: dict | None = None) -> bool:
    """Move a pending document to its outcome; False when someone else settled it first."""
    actions = [Document.status.set(status)]
    if status == UPLOADED:
        actions += [Document.uploaded_at.set(now), Document.size.set(size), Document.upload_expires_at.remove()]
    if error:
        actions.append(Document.error.set(error))
    try:
        document.update(actions=actions, condition=Document.status == PENDING)
    except PynamoDBException as exc:
        if failure(exc).lost_race:
            document.refresh(consistent_read=True)
            return False
        raise UnavailableError("The document could not be updated just now; try again.") from exc
    return True
