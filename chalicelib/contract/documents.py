"""Documents and letters.

Request and response models: validated by the HTTP layer, used by the services.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Optional

from pydantic import (
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from chalicelib.contract.common import IsoDate, Model, Strict

# Documents ---------------------------------------------------------------------------------

UploadKind = Literal["cv", "other"]
DocumentKind = Literal["cv", "other", "contract"]
DocumentStatus = Literal["pending", "uploaded", "rejected", "expired"]


class DocumentCreate(Strict):
    """A file the recruiter is about to upload: refused here, before any URL is handed out, if S3 would refuse it."""

    # content_type comes first so that the file name can be checked against it
    content_type: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    filename: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
    size: int = Field(description="bytes; at most 10 MB (10485760)")
    kind: UploadKind = "cv"

    @field_validator("content_type")
    @classmethod
    def _accepted_type(cls, content_type: str) -> str:
        from chalicelib.domain.documents import check_content_type

        return check_content_type(content_type)

    @field_validator("filename")
    @classmethod
    def _extension_matches(cls, filename: str, info: ValidationInfo) -> str:
        from chalicelib.domain.documents import check_extension

        if "content_type" in info.data:
            check_extension(filename, info.data["content_type"])
        return filename

    @field_validator("size")
    @classmethod
    def _within_limit(cls, size: int) -> int:
        from chalicelib.domain.documents import check_size

        return check_size(size)


class DocumentError(Model):
    field: str
    message: str


class Document(Model):
    id: str
    applicant_id: str
    kind: DocumentKind
    filename: str
    content_type: str
    size: int
    status: DocumentStatus
    error: Optional[DocumentError] = None
    created_at: datetime
    created_by: Optional[str] = None
    uploaded_at: Optional[datetime] = None
    download_url: Optional[str] = Field(None, description="only on GET of one uploaded document; expires quickly")
    download_expires_at: Optional[datetime] = None


class DocumentUpload(Model):
    """POST the file to `url` as multipart/form-data: every one of `fields`, then the file as `file`, last."""

    url: str
    fields: dict[str, str]
    expires_at: datetime
    max_size: int


class DocumentCreated(Model):
    document: Document
    upload: DocumentUpload


class DocumentList(Model):
    items: list[Document]
    next_cursor: Optional[str]


# Letters -----------------------------------------------------------------------------------


class LetterQuery(Model):
    dated: Optional[IsoDate] = Field(
        None, alias="date", description="the date printed on the letter; default: today (UTC)"
    )
