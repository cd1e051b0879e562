"""Applicants' documents: which files we accept, how they are named in S3, and how an upload is judged.

Uploads go straight from the browser to S3 through a presigned POST, so the
limits are stated twice: here, to refuse a bad request with a clear 422 before
any URL is handed out, and in the POST policy, so that S3 itself refuses a
file that is larger or of another type than the one we signed for. After the
upload the object is judged once more from what S3 reports and from its first
bytes, because a client can lie about both and a mock (moto) enforces nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote

from chalicelib.domain.organisations import is_entity_id, is_org_id

MAX_SIZE = 10 * 1024 * 1024
"""Largest file accepted: 10 MiB, plenty for a CV, and small enough to forward by email."""

UPLOAD_WINDOW = timedelta(minutes=15)
"""How long a presigned upload stays usable."""

UPLOAD_GRACE = timedelta(minutes=5)
"""An upload begun just before the window closed may finish a little after it."""

DOWNLOAD_WINDOW = timedelta(minutes=5)
"""How long a download link works: long enough to click, short enough not to be worth sharing."""

CONTENT_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/msword": (".doc",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "text/plain": (".txt",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
}
"""Accepted types and the file name extensions that go with each."""

TYPE_NAMES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/msword": "DOC",
    "application/vnd.oasis.opendocument.text": "ODT",
    "text/plain": "TXT",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
}
"""What people call each type."""

UPLOAD_KINDS = ("cv", "other")
"""What a recruiter uploads. A `contract` is only ever made by us (POST /applicants/{id}/contract)."""
KINDS = (*UPLOAD_KINDS, "contract")

PENDING, UPLOADED, REJECTED, EXPIRED = "pending", "uploaded", "rejected", "expired"
STATUSES = (PENDING, UPLOADED, REJECTED, EXPIRED)

_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
    "application/vnd.oasis.opendocument.text": (b"PK\x03\x04",),
    "application/msword": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
SNIFF_BYTES = 512


def human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size} bytes"


def check_content_type(content_type: str) -> str:
    """The declared type, normalised; a type we do not take is refused naming the ones we do."""
    normalised = content_type.split(";", 1)[0].strip().lower()
    if normalised not in CONTENT_TYPES:
        raise ValueError(
            "not an accepted type; accepted: PDF, DOCX, DOC, ODT, TXT, PNG, JPEG (" + ", ".join(CONTENT_TYPES) + ")"
        )
    return normalised


def check_size(size: int) -> int:
    if size < 1:
        raise ValueError("the file is empty")
    if size > MAX_SIZE:
        raise ValueError(f"at most {human_size(MAX_SIZE)} ({MAX_SIZE} bytes)")
    return size


def check_extension(filename: str, content_type: str) -> None:
    """`cv.pdf` declared as image/png is a mistake worth telling apart from a type we refuse."""
    extensions = CONTENT_TYPES[content_type]
    if not filename.lower().endswith(extensions):
        raise ValueError(f"must end in {' or '.join(extensions)} for content_type {content_type}")


def display_filename(filename: str) -> str:
    """The name a recruiter sees: no folders (browsers on Windows send them), no control characters."""
    name = re.split(r"[\\/]", filename)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip()
    return name[:200] or "document"


_LETTERS = str.maketrans(
    {"æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ß": "ss", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D"}
    | {"þ": "th", "Þ": "Th", "œ": "oe", "Œ": "OE", "ı": "i"}
)
"""Letters that Unicode does not decompose into an ASCII letter and a mark."""


def safe_filename(filename: str) -> str:
    """ASCII letters, digits, dot, dash and underscore only: safe in an S3 key and a header on any client."""
    name = display_filename(filename).translate(_LETTERS)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem, dot, extension = ascii_name.rpartition(".")
    if not dot:
        stem, extension = ascii_name, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_.-")[:100] or "document"
    extension = re.sub(r"[^A-Za-z0-9]+", "", extension)[:10].lower()
    return f"{stem}.{extension}" if extension else stem


def object_key(org: str, applicant_id: str, document_id: str, filename: str) -> str:
    """Every object lives under its organisation and applicant, so purge can remove a whole prefix."""
    if not is_entity_id(document_id):
        raise ValueError("a document id that could steer an S3 key")
    return f"{applicant_prefix(org, applicant_id)}{document_id}/{safe_filename(filename)}"


def applicant_prefix(org: str, applicant_id: str) -> str:
    """`{org}/{applicant_id}/`: neither part can hold a `/` (checked here, whoever calls), so one
    organisation's or applicant's prefix never covers another's."""
    if not is_org_id(org) or not is_entity_id(applicant_id):
        raise ValueError("an organisation or applicant id that could steer an S3 key")
    return f"{org}/{applicant_id}/"


def content_disposition(filename: str, disposition: str = "attachment") -> str:
    """An ASCII fallback name and the real one (RFC 6266 / 5987), so `Ærlig CV.pdf` stays `Ærlig CV.pdf`."""
    fallback = safe_filename(filename)
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(display_filename(filename), safe='')}"


@dataclass(frozen=True)
class Verdict:
    """What an uploaded object turned out to be: accepted, or refused with the field to blame."""

    accepted: bool
    field: str | None = None
    message: str | None = None


def judge_upload(declared_type: str, stored_type: str | None, size: int, first_bytes: bytes) -> Verdict:
    """Judge an object S3 holds against what was declared; S3 enforces the same in production."""
    if size > MAX_SIZE:
        return Verdict(False, "size", f"the uploaded file is {size} bytes; at most {MAX_SIZE} bytes are accepted")
    if size < 1:
        return Verdict(False, "size", "the uploaded file is empty")
    if (stored_type or "").split(";", 1)[0].strip().lower() != declared_type:
        return Verdict(False, "content_type", f"the file was uploaded as {stored_type}, not {declared_type}")
    if not looks_like(declared_type, first_bytes):
        return Verdict(False, "content_type", f"the file's content is not {declared_type}")
    return Verdict(True)


def looks_like(content_type: str, first_bytes: bytes) -> bool:
    """Does the content start as this type does? Plain text must be text, not a disguised binary."""
    if content_type == "text/plain":
        return b"\x00" not in first_bytes and not any(
            first_bytes.startswith(signature) for signatures in _SIGNATURES.values() for signature in signatures
        )
    return any(first_bytes.startswith(signature) for signature in _SIGNATURES.get(content_type, ()))
