"""Shared types and bases of the request and response models.

Request and response models: validated by the HTTP layer, used by the services.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, Optional

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from chalicelib.domain.languages import LANGUAGES

Language = Literal["en", "nl", "nb", "sv", "da", "fi"]
ApplicantStatus = Literal["received", "invited", "withdrawn", "rejected", "saved", "offer_received", "hired", "deleted"]
assert set(Language.__args__) == set(LANGUAGES)  # one list of languages

# One line: names and titles end up in email headers, where a line break has no place.
Name = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=200, pattern=r"^[^\r\n\t\x00-\x08\x0b\x0c\x0e-\x1f]*$"
    ),
]
Text = Annotated[str, StringConstraints(max_length=20_000)]


def _entity_id(value: str) -> str:
    from chalicelib.domain.organisations import is_entity_id

    if not is_entity_id(value):
        raise PydanticCustomError("entity_id", "is not an id")
    return value


# Our ids are checked for shape before any key is made of them (chalicelib/domain/organisations.py).
EntityId = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), AfterValidator(_entity_id)
]


def _bounded_answers(value: dict[str, str] | None) -> dict[str, str] | None:
    """Screening answers share the applicant item's 400 KB with everything else."""
    if value is not None and (len(value) > 50 or sum(len(k) + len(v) for k, v in value.items()) > 50_000):
        raise ValueError("at most 50 answers and 50 000 characters in all")
    return value


# A question is never empty: DynamoDB refuses an empty attribute name in a map.
ScreeningAnswers = Annotated[
    Optional[dict[Annotated[str, StringConstraints(min_length=1, max_length=1000)], Text]],
    AfterValidator(_bounded_answers),
]


def localized(max_length: int, single_line: bool = False, required: bool = False) -> Any:
    """Text a recruiter writes per language: a string (all languages) or {"nl": "...", "en": "..."}.

    One validator rather than a Union, so an error names the field and the language as the
    client wrote them (`invitation.body.de`), not pydantic's union branches.
    """

    def check(value: Any) -> Any:
        if value is None:
            if required:
                raise PydanticCustomError("localized", "is required: a string, or an object of language code to string")
            return None
        variants = {"": value} if isinstance(value, str) else value
        if not isinstance(variants, dict) or not variants:
            raise PydanticCustomError("localized", "a string, or an object of language code to string")
        for language, text in variants.items():
            where = f" ({language})" if language else ""
            if language and language not in LANGUAGES:
                raise PydanticCustomError("localized", f"{language!r} is not a language; use {', '.join(LANGUAGES)}")
            if not isinstance(text, str):
                raise PydanticCustomError("localized", f"must be a string{where}")
            if not text.isascii():
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    raise PydanticCustomError("localized", f"is not valid Unicode text{where}") from None
            if len(text) > max_length:
                raise PydanticCustomError("localized", f"at most {max_length} characters{where}")
            if single_line and ("\r" in text or "\n" in text):
                raise PydanticCustomError("localized", f"must be one line{where}")
        return value

    text_schema = {"type": "string", "maxLength": max_length}
    schema = {
        "anyOf": [
            text_schema,
            {
                "type": "object",
                "minProperties": 1,
                "propertyNames": {"enum": list(LANGUAGES)},
                "additionalProperties": text_schema,
            },
        ]
    }
    return Annotated[Any, AfterValidator(check), WithJsonSchema(schema)]


def _e164(value: str | None) -> str | None:
    """Store mobile numbers in E.164; a number that cannot be one is invalid."""
    if value is None or not value.strip():
        return None
    import phonenumbers  # imported where used: its metadata is large

    try:
        number = phonenumbers.parse(value, None if value.strip().startswith("+") else "NO")
    except phonenumbers.NumberParseException as exc:
        raise ValueError("not a phone number; give it in international form, like +4791234567") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid phone number; give it in international form, like +4791234567")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


Mobile = Annotated[Optional[str], AfterValidator(_e164)]

_WALL_CLOCK = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?$"
_ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _spelled(pattern: str, message: str) -> Any:
    """Only the one spelling the contract names: pydantic alone would also read `0` as 1970 (a Unix time)."""
    import re

    compiled = re.compile(pattern)

    def check(value: Any) -> Any:
        if isinstance(value, str) and compiled.match(value):
            return value
        if value is None:
            return value
        raise PydanticCustomError("spelling", message)

    return check


# Wall-clock time in the interview's time zone, as a calendar shows it: no offset, the zone says where.
WallClock = Annotated[
    datetime,
    BeforeValidator(_spelled(_WALL_CLOCK, "a wall-clock time like 2026-12-07T10:00, without an offset")),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": _WALL_CLOCK,
            "description": "wall-clock time in `timezone`, without an offset, e.g. 2026-12-07T10:00",
            "examples": ["2026-12-07T10:00"],
        }
    ),
]
IsoDate = Annotated[
    date,
    BeforeValidator(_spelled(_ISO_DATE, "a date like 2026-12-07")),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _ISO_DATE}),
]


def _no_default(schema: dict[str, Any]) -> None:
    """Leaving the field out keeps what is stored; null is not a value of it, so the schema shows no default."""
    schema.pop("default", None)


Kept = Field(None, json_schema_extra=_no_default)
Address = Annotated[
    Optional[str],
    StringConstraints(strip_whitespace=True, max_length=500),
    AfterValidator(lambda value: value or None),
    Field(description="postal address, one line per line; printed on letters"),
]


class Model(BaseModel):
    """Every model here: its validator is built on first use, not at import (a route's cold start pays
    only for the models it uses)."""

    model_config = ConfigDict(defer_build=True)


DeliveryState = Literal["pending", "delivered", "delayed", "bounced", "complained", "rejected", "failed"]


class Delivery(Model):
    """What became of one email or SMS, as SES or the phone carrier reported it (README: what each state means)."""

    state: DeliveryState
    at: Optional[datetime] = None
    reason: Optional[str] = Field(None, description="the receiving server's or carrier's answer, the bounce type")


class Strict(Model):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Page(Model):
    limit: int = Field(50, ge=1, le=200)
    cursor: Optional[str] = None
