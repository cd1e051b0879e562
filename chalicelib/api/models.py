"""Request and response models: the handlers validate with them and /openapi.json is made from them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from chalicelib.domain.languages import LANGUAGES

Language = Literal["en", "nl", "nb", "sv", "da", "fi"]
ApplicantStatus = Literal["received", "invited", "withdrawn", "rejected", "saved", "offer_received", "hired", "deleted"]
assert set(Language.__args__) == set(LANGUAGES)  # one list of languages

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(max_length=20_000)]


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


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Page(BaseModel):
    limit: int = Field(50, ge=1, le=200)
    cursor: Optional[str] = None


# Vacancies ---------------------------------------------------------------------------------


class VacancyCreate(Strict):
    title: Name
    department: Optional[Name] = None
    location: Optional[Name] = None


class Vacancy(BaseModel):
    id: str
    title: str
    department: Optional[str]
    location: Optional[str]
    created_at: datetime


class VacancyList(BaseModel):
    items: list[Vacancy]
    next_cursor: Optional[str]


# Applicants --------------------------------------------------------------------------------


class ApplicantCreate(Strict):
    first_name: Name
    last_name: Name
    email: EmailStr
    mobile: Mobile = None
    language: Language = "en"
    application_text: Optional[Text] = None
    screening_answers: Optional[dict[Annotated[str, StringConstraints(max_length=1000)], Text]] = None


class ApplicantPatch(Strict):
    """Personal fields only: status moves through the recruitment actions."""

    first_name: Optional[Name] = None
    last_name: Optional[Name] = None
    email: Optional[EmailStr] = None
    mobile: Mobile = None
    language: Optional[Language] = None


class ApplicantQuery(Page):
    status: Optional[ApplicantStatus] = None


class HistoryEvent(BaseModel):
    model_config = ConfigDict(extra="allow")
    at: datetime
    by: str
    event: str


class Applicant(BaseModel):
    id: str
    vacancy_id: str
    first_name: str
    last_name: str
    email: str
    mobile: Optional[str]
    language: Language
    status: ApplicantStatus
    application_text: Optional[str]
    screening_answers: Optional[dict[str, str]]
    rating: Optional[float]
    created_at: datetime
    updated_at: datetime


class ApplicantDetail(Applicant):
    interviews: list[dict[str, Any]] = []
    history: list[HistoryEvent] = []


class ApplicantList(BaseModel):
    items: list[Applicant]
    next_cursor: Optional[str]


# Misc --------------------------------------------------------------------------------------


class Health(BaseModel):
    status: Literal["ok"]


class Problem(BaseModel):
    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, str]] = []


class DevTokenRequest(Strict):
    org: Optional[Annotated[str, StringConstraints(min_length=1, max_length=100)]] = None
    sub: Optional[Annotated[str, StringConstraints(min_length=1, max_length=100)]] = None
    name: Optional[Name] = None
    email: Optional[EmailStr] = None
    sms: bool = True


class DevRemindersRun(Strict):
    at: Optional[datetime] = None
