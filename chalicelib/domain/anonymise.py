"""Anonymising what is forwarded about an applicant: their name replaced, contact details and links removed.

The known fields are exact: the applicant becomes "Candidate 7K3Q" (a reference
the recruiter can map back, made from the end of the applicant's id), and their
email, mobile and address are removed. Free text (the application, screening
answers, a plain-text CV, what the recruiter typed) is searched for the
applicant's names, email, mobile and address lines, and for anything that looks
like an email address, a phone number or a link (a profile URL names its owner).
That part is best effort: a name spelled differently is not found. Files we
cannot read and rewrite (PDF, Word, images: photos) are never sent anonymised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_LINK = re.compile(r"\b(?:https?://|www\.)\S*[^\s.,;:!?)\]'\"]", re.IGNORECASE)  # not the full stop after it
# A bare host with a path or a common profile domain ("github.com/kari", "kari.example/me").
_BARE_LINK = re.compile(r"(?<![\w@.])(?:[a-z0-9-]+\.)+[a-z]{2,}/[^\s,;)\]'\"]*", re.IGNORECASE)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_NUMBERISH = re.compile(r"(?<![\w+(])\(?\+?\(?\d[\d\s().\-/]{5,}\d(?!\w)")
_YEARS = re.compile(r"^(?:19|20)\d\d\s*[-–/]\s*(?:19|20)\d\d$")
_DATE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
PHONE_DIGITS = 8
"""A run of at least this many digits is taken for a phone number (Nordic numbers have 8)."""

ANONYMISABLE_TYPES = ("text/plain",)
"""Document types we can read, redact and send on; every other type is left out when anonymising."""


@dataclass(frozen=True)
class Person:
    """What identifies the applicant directly."""

    first_name: str
    last_name: str
    email: str | None = None
    mobile: str | None = None
    address: str | None = None


def reference(applicant_id: str) -> str:
    """A short, stable code for the applicant: the recruiter maps feedback back, the recipient learns nothing."""
    return applicant_id[-4:].upper()


class Redactor:
    """Replaces one applicant's identifying data in text."""

    def __init__(self, person: Person, alias: str, removed: str) -> None:
        self.person = person
        self.alias = alias
        self.removed = removed
        self._full_names = _full_name_patterns(person)
        # Any case: "kari", "Kari" and "KARI" are the same person in free text.
        self._parts = [re.compile(rf"(?<!\w){re.escape(part)}(?!\w)", re.IGNORECASE) for part in _name_parts(person)]
        self._mobile_digits = re.sub(r"\D", "", person.mobile or "")
        # Each line and each comma-separated piece of the address, longest first ("Storgata 1", "0155 Oslo").
        pieces = {piece.strip() for line in (person.address or "").splitlines() for piece in [line, *line.split(",")]}
        self._address_lines = sorted((piece for piece in pieces if len(piece) >= 4), key=len, reverse=True)

    def text(self, value: str) -> str:
        value = value.translate(_APOSTROPHES)
        value = _EMAIL.sub(self.removed, value)
        value = _LINK.sub(self.removed, value)
        value = _BARE_LINK.sub(self.removed, value)
        value = _NUMBERISH.sub(self._phone, value)
        for line in self._address_lines:
            value = re.sub(re.escape(line), self.removed, value, flags=re.IGNORECASE)
        for pattern in self._full_names:
            value = pattern.sub(self.alias, value)
        for pattern in self._parts:
            value = pattern.sub(self.alias, value)
        return value

    def _phone(self, match: re.Match[str]) -> str:
        candidate = match.group(0).strip()
        digits = re.sub(r"\D", "", candidate)
        if self._mobile_digits and len(digits) >= 6 and self._mobile_digits.endswith(digits[-8:]):
            return self.removed
        if len(digits) < PHONE_DIGITS or _YEARS.match(candidate) or _DATE.match(candidate):
            return match.group(0)
        return self.removed


PARTICLES = frozenset(
    {"de", "den", "der", "van", "von", "af", "av", "la", "le", "du", "da", "di", "el", "al", "ter", "ten"}
)
"""Parts of names that are also ordinary words; every other part, however short ("Li", "Wu"), is a name."""


def _name_parts(person: Person) -> list[str]:
    """Each part of the names, apostrophes plain; particles ("de", "van", "af") and initials are left."""
    name = f"{person.first_name} {person.last_name}".translate(_APOSTROPHES)
    parts = {part.strip(".") for part in re.split(r"[\s-]+", name)}
    return sorted((part for part in parts if len(part) >= 2 and part.lower() not in PARTICLES), key=len, reverse=True)


def _full_name_patterns(person: Person) -> list[re.Pattern[str]]:
    first = re.escape(person.first_name.strip().translate(_APOSTROPHES))
    last = re.escape(person.last_name.strip().translate(_APOSTROPHES))
    return [
        re.compile(rf"(?<!\w){first}\s+{last}(?!\w)", re.IGNORECASE),
        re.compile(rf"(?<!\w){last},?\s+{first}(?!\w)", re.IGNORECASE),
    ]


def decode_text(content: bytes) -> str:
    """A plain-text CV as written: UTF-8 (with or without BOM), else the Windows codepage of older editors."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")
