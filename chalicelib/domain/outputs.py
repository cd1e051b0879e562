"""What a use case answers besides data: a file, which the HTTP layer sends as it is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class File:
    """A file (a PDF letter): its bytes, its media type, and how a browser should take it."""

    body: bytes
    content_type: str
    disposition: str | None = None  # e.g. 'inline; filename="letter.pdf"'
