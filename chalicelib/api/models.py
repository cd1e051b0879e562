"""Request and response models: the handlers validate with them and /openapi.json is made from them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    RootModel,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_serializer,
    model_validator,
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


# Vacancies ---------------------------------------------------------------------------------


class VacancyCreate(Strict):
    title: Name
    department: Optional[Name] = None
    location: Optional[Name] = None


class Vacancy(Model):
    id: str
    title: str
    department: Optional[str]
    location: Optional[str]
    created_at: datetime


class VacancyList(Model):
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
    screening_answers: ScreeningAnswers = None
    address: Address = None


class ApplicantPatch(Strict):
    """Personal fields only: status moves through the recruitment actions."""

    # Not Optional: leaving a field out keeps it, but null cannot clear a required one.
    first_name: Name = Kept
    last_name: Name = Kept
    email: EmailStr = Kept
    mobile: Mobile = None
    language: Language = Kept
    address: Address = None


class ApplicantQuery(Page):
    status: Optional[ApplicantStatus] = None


class OrgApplicantQuery(ApplicantQuery):
    retention_due_before: Optional[date] = Field(
        None,
        description="only applicants the retention run will delete before this day (UTC), soonest first; "
        "not combined with `status`",
    )


RetentionReason = Literal["application", "saved_profile", "deletion_requested", "employee", "legal_hold"]


class Retention(Model):
    """When the daily retention run deletes the applicant, and why (null `delete_on`: never, for `reason`)."""

    delete_on: Optional[date] = None
    reason: Optional[RetentionReason] = None


class LegalHold(Model):
    reason: str
    by: str
    at: datetime


class HoldRequest(Strict):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class HistoryEvent(Model):
    model_config = ConfigDict(extra="allow")
    at: datetime
    by: str
    event: str


class Applicant(Model):
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
    deletion_requested_at: Optional[datetime] = None  # the applicant asked to be deleted (profile page)
    address: Optional[str] = None
    retention: Retention = Field(default_factory=Retention)
    legal_hold: Optional[LegalHold] = Field(None, description="set: the retention run keeps the applicant")
    email_status: Literal["ok", "undeliverable"] = Field(
        "ok",
        description="`undeliverable`: the address bounced for good or its owner complained; nothing is "
        "emailed to it until it changes",
    )
    email_problem: Optional[Delivery] = Field(None, description="why the address is undeliverable")


class RatingComment(Model):
    """One reviewer's rating of the applicant, shown to recruiters only."""

    reviewer: str
    stars: int = Field(ge=1, le=7)
    comment: Optional[str]
    at: datetime
    panel_id: str


class RatingSummary(Model):
    """The applicant's ratings from rating panels: `average` is also the applicant's `rating`."""

    average: Optional[float] = None
    count: int = 0
    comments: list[RatingComment] = []


class ApplicantDetail(Applicant):
    interviews: list[dict[str, Any]] = []
    history: list[HistoryEvent] = Field(
        default=[],
        description="The latest 50 events of the applicant's history, oldest first. "
        "Older events: `GET /applicants/{applicant_id}/history?cursor=` with `history_next_cursor`.",
    )
    history_next_cursor: Optional[str] = Field(
        default=None, description="Where the older history goes on (null: `history` is all of it)."
    )
    ratings: RatingSummary = Field(default_factory=RatingSummary)


class HistoryQuery(Page):
    pass


class HistoryList(Model):
    """History events, newest first."""

    items: list[HistoryEvent]
    next_cursor: Optional[str]


class ApplicantList(Model):
    items: list[Applicant]
    next_cursor: Optional[str]


# Recruitment actions -----------------------------------------------------------------------

RejectionType = Literal["not_qualified", "after_interview", "position_filled", "other"]
ApplicantId = EntityId


class _Action(Strict):
    action: str  # each action narrows it to its own name, the union's tag
    applicant_ids: list[ApplicantId] = Field(min_length=1, max_length=200)


class WithdrawAction(_Action):
    """The applicants withdrew: `withdrawn`."""

    action: Literal["withdraw"]


class DeleteAction(_Action):
    """Off the vacancy's list and onto the deleted list: `deleted`, restorable."""

    action: Literal["delete"]


class RestoreAction(_Action):
    """Deleted applicants go back to the status they had before."""

    action: Literal["restore"]


class PurgeAction(_Action):
    """Deleted applicants and all personal data about them are removed for good."""

    action: Literal["purge"]


class RejectAction(_Action):
    """`rejected`, with a rejection type; `other` needs a reason."""

    action: Literal["reject"]
    rejection_type: RejectionType
    reason: Optional[Annotated[str, StringConstraints(max_length=2000)]] = Field(None, validate_default=True)

    @field_validator("reason")
    @classmethod
    def _reason_for_other(cls, reason: Optional[str], info: ValidationInfo) -> Optional[str]:
        if not reason and info.data.get("rejection_type") == "other":
            raise ValueError("a reason is needed when rejection_type is other")
        return reason or None


class SaveAction(_Action):
    """A strong profile kept for other vacancies: `saved`; `send_access` also emails the applicant a profile link."""

    action: Literal["save"]
    send_access: bool = False
    from_: Optional[EmailStr] = Field(None, alias="from")

    @model_validator(mode="before")
    @classmethod
    def _sender_checked(cls, data: Any) -> Any:
        """Give `from` when access is to be sent, so its check runs and names it as the client does."""
        if isinstance(data, dict) and data.get("send_access") and "from" not in data:
            return {**data, "from": None}
        return data

    @field_validator("from_")
    @classmethod
    def _from_for_access(cls, sender: Optional[str], info: ValidationInfo) -> Optional[str]:
        if sender is None and info.data.get("send_access"):
            raise ValueError("needed when send_access is true: the address the access email comes from")
        return sender


class OfferEmail(Strict):
    """The offer email: our template in each applicant's language, unless a subject or body is given."""

    from_: EmailStr = Field(alias="from")
    subject: Optional[LocalizedLine] = None
    body: Optional[Localized] = None


class SendOfferAction(_Action):
    """`offer_received`; with `email`, each applicant is also sent the offer email."""

    action: Literal["send_offer"]
    email: Optional[OfferEmail] = None


class HireAction(_Action):
    """`hired`: each applicant becomes an employee in that position and department."""

    action: Literal["hire"]
    position: Name
    department: Name


class TransferAction(_Action):
    """Moves the applicants to another vacancy of the organisation, without their application text and answers."""

    action: Literal["transfer"]
    vacancy_id: EntityId


def _errors_without_tag(exc: ValidationError, discriminator: str) -> list[dict[str, Any]]:
    """Name bad fields as the client wrote them: pydantic puts the union's tag first in each location."""
    errors: list[dict[str, Any]] = []
    for error in exc.errors(include_url=False):
        if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
            expected = error.get("ctx", {}).get("expected_tags", "")
            message = f"must be one of {expected}" if expected else "required"
            errors.append({"type": PydanticCustomError(error["type"], message), "loc": (discriminator,), "input": None})
        else:
            kind = (
                error["type"]
                if error["type"] == "extra_forbidden"
                else PydanticCustomError(error["type"], error["msg"])
            )
            errors.append({"type": kind, "loc": tuple(error["loc"][1:]), "input": error["input"]})
    return errors


ActionCommand = Union[
    WithdrawAction,
    DeleteAction,
    RestoreAction,
    PurgeAction,
    RejectAction,
    SaveAction,
    SendOfferAction,
    HireAction,
    TransferAction,
]


class RecruitmentAction(RootModel):
    """`{"action", "applicant_ids", ...}` with the fields that action needs."""

    model_config = ConfigDict(defer_build=True)
    root: Annotated[ActionCommand, Field(discriminator="action")]

    @model_validator(mode="wrap")
    @classmethod
    def _name_fields(cls, data: Any, handler: Any) -> Any:
        try:
            return handler(data)
        except ValidationError as exc:
            raise ValidationError.from_exception_data(exc.title, _errors_without_tag(exc, "action")) from None


class ActionError(Model):
    code: Literal["not_found", "invalid_transition", "conflict", "unavailable", "send_failed"]
    message: str


class ActionSucceeded(Model):
    applicant_id: str
    ok: Literal[True] = True
    status: Union[ApplicantStatus, Literal["purged"]]


class ActionFailed(Model):
    applicant_id: str
    ok: Literal[False] = False
    error: ActionError


class AccessSent(Model):
    """How the profile-access email of `save` with `send_access` went."""

    sent: bool
    valid_until: Optional[datetime] = None
    message_id: Optional[str] = None
    error: Optional[ActionError] = None


class SavedWithAccess(ActionSucceeded):
    """`save` with `send_access`: saved, and whether the access email went."""

    access: AccessSent


class EmailOutcome(Model):
    ok: bool
    message_id: Optional[str] = None
    error: Optional[dict[str, str]] = None
    delivery: Optional[Delivery] = Field(None, description="`pending` once SES took it: `GET /messages/{message_id}`")


class OfferSent(ActionSucceeded):
    """`send_offer` with an email: the status moved, and this is what became of the email."""

    email: EmailOutcome


class RecruitmentActionResults(Model):
    """One result per applicant, in the order asked; one failing never stops the others."""

    results: list[Union[SavedWithAccess, OfferSent, ActionSucceeded, ActionFailed]]


# Employees ---------------------------------------------------------------------------------


class Employee(Model):
    id: str
    applicant_id: str
    first_name: str
    last_name: str
    email: str
    mobile: Optional[str]
    position: str
    department: str
    hired_at: datetime


class EmployeeList(Model):
    items: list[Employee]
    next_cursor: Optional[str]


# Misc --------------------------------------------------------------------------------------


class Health(Model):
    status: Literal["ok"]


class Readiness(Model):
    status: Literal["ready"]
    version: str = Field(description="The package version and the commit it was built from, e.g. 1.1.0+3f2a9c1d0b4e.")


class Problem(Model):
    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, str]] = []


def _org_id(value: str) -> str:
    from chalicelib.domain.organisations import is_org_id

    if not is_org_id(value):
        raise PydanticCustomError("org_id", "lower-case letters, digits and hyphens, at most 63, not starting with -")
    return value


class DevTokenRequest(Strict):
    org: Optional[Annotated[str, AfterValidator(_org_id)]] = None
    sub: Optional[Annotated[str, StringConstraints(min_length=1, max_length=100)]] = None
    name: Optional[Name] = None
    email: Optional[EmailStr] = None
    sms: bool = True
    admin: bool = False


class DevRemindersRun(Strict):
    at: Optional[datetime] = None


class DevRetentionRun(Strict):
    at: Optional[datetime] = None


# Interviews --------------------------------------------------------------------------------

InterviewType = Literal["phone", "in_person", "group", "info_meeting"]
ReminderChannel = Literal["none", "email", "sms", "email_sms"]
Confirmation = Literal["pending", "accepted", "declined", "reschedule_requested", "not_applicable"]
ReminderStatus = Literal["none", "scheduled", "sent", "skipped", "failed"]
# Bounded so that an interview with every language variant stays well inside DynamoDB's 400 KB item.
Localized = localized(4_000)
LocalizedLine = localized(300, single_line=True)
Signature = localized(1_000)
SmsText = localized(480)
RequiredLine = localized(300, single_line=True, required=True)  # null is not a subject
RequiredText = localized(4_000, required=True)


def _meeting_url(value: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or any(ch.isspace() for ch in value):
        raise PydanticCustomError("meeting_url", "must be an https:// address")
    return value


# An online meeting (Teams, Zoom, Meet ...): https only, one line.
MeetingUrl = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2_000), AfterValidator(_meeting_url)
]
PhoneNote = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]


class Attendee(Strict):
    name: Name
    email: EmailStr


class InvitationIn(Strict):
    send_email: bool = True
    from_: Optional[EmailStr] = Field(None, alias="from")
    subject: Optional[LocalizedLine] = None
    body: Optional[Localized] = None
    include_confirm_link: Optional[bool] = None


class ReminderIn(Strict):
    channel: ReminderChannel = "none"
    days_before: Optional[int] = None
    subject: Optional[LocalizedLine] = None
    body: Optional[Localized] = None
    signature: Optional[Signature] = None
    sms_text: Optional[SmsText] = None


class InterviewCreate(Strict):
    applicant_ids: Annotated[list[EntityId], Field(min_length=1, max_length=100)]
    type: InterviewType = Field(
        description="`group` with several applicants makes a group interview: each applicant still gets their "
        "own interview, invitation and answer link, and the attendees one calendar event for the whole group "
        "(the interviews share a `group_id`)"
    )
    attendees: list[Attendee] = Field(default_factory=list, max_length=50)
    start: WallClock
    timezone: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    duration_minutes: int = Field(ge=5, le=24 * 60)
    location: Optional[Annotated[str, StringConstraints(max_length=500)]] = None
    meeting_url: Optional[MeetingUrl] = Field(None, description="an online meeting's link (https, tag `{meetinglink}`)")
    phone_note: Optional[PhoneNote] = Field(None, description="for a phone interview: who calls whom")
    invitation: InvitationIn = Field(default_factory=InvitationIn)
    reminder: ReminderIn = Field(default_factory=ReminderIn)


class InterviewWarning(Model):
    """`no_mobile`, `email_failed`, or a conflict: `attendee_busy`, `applicant_busy` (which name the other
    interview's id and start, and for `attendee_busy` the attendee's email)."""

    applicant_id: str
    code: str
    message: str
    interview_id: Optional[str] = Field(None, description="the other interview, for a conflict; absent otherwise")
    start: Optional[datetime] = Field(None, description="the other interview's start, for a conflict")
    attendee: Optional[str] = Field(None, description="the busy attendee's email, for `attendee_busy`")

    @model_serializer(mode="wrap")
    def _without_empty_fields(self, handler: Any) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            for name in ("interview_id", "start", "attendee"):
                if data.get(name) is None:
                    data.pop(name, None)
        return data


class PreviewMessage(Model):
    applicant_id: str
    language: Language
    subject: str
    body: str


class InterviewPreview(Model):
    include_confirm_link_default: bool
    messages: list[PreviewMessage]
    warnings: list[InterviewWarning]


class ReminderOut(Model):
    channel: ReminderChannel
    days_before: Optional[int]
    send_on: Optional[str]
    status: ReminderStatus
    reason: Optional[str] = Field(None, description="why a reminder was skipped or failed; absent otherwise")
    delivery: Optional[Delivery] = Field(
        None, description="what became of the reminder's email (of its SMS when it had no email); absent before it went"
    )
    sms_delivery: Optional[Delivery] = Field(None, description="what became of the reminder's SMS")

    @model_serializer(mode="wrap")
    def _without_empty_reason(self, handler: Any) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            for key in ("reason", "delivery", "sms_delivery"):
                if data.get(key) is None:
                    data.pop(key, None)
        return data


class Interview(Model):
    id: str
    applicant_id: str
    applicant_name: str
    vacancy_id: str
    vacancy_title: str
    type: InterviewType
    start: datetime
    end: datetime
    timezone: str
    duration_minutes: int
    location: Optional[str]
    meeting_url: Optional[str] = None
    phone_note: Optional[str] = None
    group_id: Optional[str] = Field(
        None,
        description="a group interview: the id shared by the interviews one POST /interviews of type `group` "
        "made for several applicants; the interviewers get one calendar event for the group. Absent for any "
        "other interview, and for one taken out of the group by a change of its own",
    )
    attendees: list[dict[str, str]]
    confirmation: Confirmation
    reminder: ReminderOut
    cancelled: bool
    invitation: dict[str, Any] = {}
    version: int = 1
    created_at: datetime
    updated_at: datetime


class InterviewsCreated(Model):
    interviews: list[Interview]
    warnings: list[InterviewWarning]


class InterviewQuery(Page):
    activity: Optional[InterviewType] = None
    from_: Optional[IsoDate] = Field(None, alias="from")
    to: Optional[IsoDate] = None
    vacancy_id: Optional[EntityId] = None
    confirmation: Optional[Confirmation] = None
    delivery: Optional[DeliveryState] = Field(
        None,
        description="only interviews whose invitation or reminder is in this delivery state (`bounced`: whom to call)",
    )


class InterviewList(Model):
    """One page of the Interviews page. It may hold fewer than `limit` items (even none) while
    `next_cursor` is not null: a page is one bounded read, and filters drop what does not match."""

    items: list[Interview]
    next_cursor: Optional[str] = Field(
        description="Where the next page starts; null only when there is nothing more. "
        "A page with fewer than `limit` items does not mean the end."
    )


class InterviewPatch(Strict):
    start: Optional[WallClock] = None
    timezone: Optional[Annotated[str, StringConstraints(min_length=1, max_length=64)]] = None
    duration_minutes: Optional[int] = Field(None, ge=5, le=24 * 60)
    location: Optional[Annotated[str, StringConstraints(max_length=500)]] = None
    attendees: Optional[list[Attendee]] = Field(None, max_length=50)
    meeting_url: Optional[MeetingUrl] = Field(None, description="null removes it")
    phone_note: Optional[PhoneNote] = Field(None, description="null removes it")
    reminder: Optional[ReminderIn] = None
    notify: bool = False
    whole_group: bool = Field(
        False,
        description="for an interview of a group (`group_id`): the change goes to every interview still in "
        "the group (each applicant as by their own PATCH, `notify` included; those who withdrew are left "
        "alone) and the attendees get one update of the group's calendar event. Without it, a change the "
        "attendees would see takes this one interview out of the group's event",
    )


class InterviewChanged(Interview):
    """The interview after a change, with what the recruiter should know about it."""

    warnings: list[InterviewWarning] = []


class CalendarFeed(Model):
    id: str
    created_at: datetime


class CalendarFeedCreated(CalendarFeed):
    url: str = Field(
        description="the secret subscription address (shown once; only its hash is stored): give it to "
        "Outlook, Google Calendar or Apple Calendar as a calendar to subscribe to"
    )


class CalendarFeedList(Model):
    items: list[CalendarFeed]
    next_cursor: Optional[str] = None


class CancelQuery(Model):
    notify: bool = False


class CancelRequest(Strict):
    notify: bool = False


# Interview offers: slots the applicant chooses from ---------------------------------------

OfferState = Literal["open", "booked", "expired", "declined"]
Slots = Annotated[list[WallClock], Field(min_length=2, max_length=20)]


class InterviewOfferCreate(Strict):
    """The body of POST /interviews with `slots` in place of `start`: one offer per applicant.

    Every check of POST /interviews applies to every slot. A slot fewer days away than
    `reminder.days_before` is offered with a `reminder_too_close` warning and, booked, gets no
    reminder. `{date}` and `{time}` are refused in the invitation (the email lists the slots), and
    the invitation must be sent (`send_email` true): its link is how the applicant chooses.
    """

    applicant_ids: Annotated[list[EntityId], Field(min_length=1, max_length=100)]
    type: InterviewType
    attendees: list[Attendee] = Field(default_factory=list, max_length=50)
    slots: Slots = Field(description="2 to 20 wall-clock starts in `timezone`, e.g. 2026-12-07T10:00")
    capacity: int = Field(1, ge=1, le=100, description="places per slot: 1 (one applicant per slot) or more")
    respond_by: Optional[WallClock] = Field(None, description="wall-clock time in `timezone` until which to choose")
    timezone: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    duration_minutes: int = Field(ge=5, le=24 * 60)
    location: Optional[Annotated[str, StringConstraints(max_length=500)]] = None
    invitation: InvitationIn = Field(default_factory=InvitationIn)
    reminder: ReminderIn = Field(default_factory=ReminderIn)


class OfferSlotsRequest(Strict):
    """Slots for an applicant who asked for a new time: the interview's type, place, people and reminder."""

    slots: Slots
    respond_by: Optional[WallClock] = None
    invitation: InvitationIn = Field(default_factory=InvitationIn)


class OfferedSlot(Model):
    start: datetime
    end: datetime
    local_start: str = Field(description="the start as offered (wall-clock in the offer's `timezone`)")
    capacity: int
    taken: int
    open: bool = Field(description="shown to applicants: not withdrawn, not full, not begun")
    withdrawn: bool


class OfferWarning(Model):
    applicant_id: Optional[str] = None
    slot: Optional[str] = Field(None, description="the slot's start as offered")
    code: str
    message: str


class InterviewOffer(Model):
    id: str
    applicant_id: str
    applicant_name: str
    vacancy_id: str
    vacancy_title: str
    type: InterviewType
    timezone: str
    duration_minutes: int
    location: Optional[str]
    state: OfferState
    answer: Optional[Literal["reschedule", "withdraw"]] = None
    slots: list[OfferedSlot]
    respond_by: Optional[datetime]
    booked_start: Optional[datetime] = None
    interview_id: Optional[str] = None
    replaces: Optional[str] = Field(None, description="the interview this offer finds a new time for")
    invitation_status: Optional[str] = None
    version: int = 1
    created_at: datetime
    updated_at: datetime


class InterviewOffersCreated(Model):
    offers: list[InterviewOffer]
    warnings: list[OfferWarning]


class InterviewOfferQuery(Page):
    vacancy_id: Optional[EntityId] = None
    state: Optional[OfferState] = None


class InterviewOfferList(Model):
    """One page of offers; like the Interviews page, a filtered page may hold fewer than `limit` items."""

    items: list[InterviewOffer]
    next_cursor: Optional[str]


class InterviewOfferPatch(Strict):
    """Add or withdraw starts; they are the slots of every offer sent with this one (one POST)."""

    add_slots: list[WallClock] = Field(default_factory=list, max_length=20)
    remove_slots: list[WallClock] = Field(default_factory=list, max_length=20)
    notify: bool = Field(False, description="email the applicants still choosing the new slots")


class InterviewOfferChanged(InterviewOffer):
    warnings: list[OfferWarning] = []


class EmailRequest(Strict):
    applicant_ids: Annotated[list[EntityId], Field(min_length=1, max_length=200)]
    from_: EmailStr = Field(alias="from")
    subject: RequiredLine
    body: RequiredText


class EmailResult(Model):
    applicant_id: str
    ok: bool
    message_id: Optional[str] = None
    error: Optional[dict[str, str]] = None
    delivery: Optional[Delivery] = Field(
        None, description="`pending` once SES took the message; follow it at `GET /messages/{message_id}`"
    )


class EmailResults(Model):
    results: list[EmailResult]


# Rating panels -----------------------------------------------------------------------------

ReviewerStatus = Literal["sent", "email_failed", "rated"]
PanelApplicantIds = Annotated[
    list[EntityId],
    Field(min_length=1, max_length=40),
]


class ReviewerIn(Strict):
    name: Name
    email: EmailStr


class RatingPanelCreate(Strict):
    """Send applicants to reviewers: each reviewer gets a personal link to rate them 1-7 stars."""

    applicant_ids: PanelApplicantIds
    reviewers: list[ReviewerIn] = Field(min_length=1, max_length=20)
    from_: EmailStr = Field(alias="from")
    message: Optional[Annotated[str, StringConstraints(max_length=5000)]] = None
    closes_at: Optional[datetime] = None
    timezone: Annotated[str, StringConstraints(min_length=1, max_length=64)] = "UTC"
    language: Language = "en"


class Reviewer(Model):
    id: str
    name: str
    email: str
    status: ReviewerStatus
    message_id: Optional[str] = Field(None, description="the rating request's email: `GET /messages/{message_id}`")


class RatingPanel(Model):
    id: str
    applicant_ids: list[str]
    reviewers: list[Reviewer]
    message: Optional[str]
    language: Language
    timezone: str
    closes_at: datetime
    closed: bool
    closed_at: Optional[datetime]
    created_at: datetime
    created_by: Optional[str]


class RatingPanelList(Model):
    items: list[RatingPanel]
    next_cursor: Optional[str]


class RatingForm(Model):
    """The rating page's form: per candidate `stars.<applicant_id>` (1-7) and `comment.<applicant_id>`."""

    model_config = ConfigDict(
        json_schema_extra={
            "patternProperties": {
                r"^stars\.": {"type": "string", "enum": ["1", "2", "3", "4", "5", "6", "7"]},
                r"^comment\.": {"type": "string", "maxLength": 2000},
            }
        }
    )


# Profile access ----------------------------------------------------------------------------


class ProfileAccessRequest(Strict):
    """Email the applicant a personal link to see, correct or ask to delete their stored data."""

    from_: EmailStr = Field(alias="from")


class ProfileAccess(Model):
    applicant_id: str
    valid_until: datetime
    message_id: str


class ProfileCorrection(Strict):
    """The profile page's correction form; `version` fingerprints the data the page showed (a stale one is 409)."""

    first_name: Name
    last_name: Name
    email: EmailStr
    mobile: Mobile = None
    language: Language
    version: Annotated[str, StringConstraints(min_length=1, max_length=64)]


class DeletionRequestForm(Model):
    """The profile page's deletion form: the applicant confirms they mean it."""

    confirm: Literal["yes"]


class ProfileForm(Model):
    """What the profile page posts: `intent=correct` with the correction fields, or `intent=delete` with `confirm`."""

    intent: Literal["correct", "delete"] = "correct"
    first_name: Optional[str] = None
    last_name: Optional[str] = None
    email: Optional[str] = None
    mobile: Optional[str] = None
    language: Optional[Language] = None
    version: Optional[int] = None
    confirm: Optional[Literal["yes"]] = None


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


# Forward CV --------------------------------------------------------------------------------


class ForwardRequest(Strict):
    """An email about one applicant to anyone; tags {firstname}, {lastname}, {fullname}, {vacancy}."""

    to: EmailStr
    from_: EmailStr = Field(alias="from")
    subject: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    body: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    anonymise: bool = Field(False, description="name replaced, contact details, links and photos left out")
    include_attachments: bool = Field(True, description="the candidate summary PDF and the CV and attachments")
    language: Language = Field("en", description="of the summary's wording (the recipient's, not the applicant's)")


class ForwardLeftOut(Model):
    document_id: str
    filename: str
    reason: Literal["cannot_anonymise", "too_large"]


class ForwardResult(Model):
    message_id: str
    to: str
    anonymised: bool
    attachments: list[str]
    left_out: list[ForwardLeftOut]


# Employment contracts ----------------------------------------------------------------------

LongLine = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class ContractRequest(Strict):
    """The contract's details, printed as given; the email is our template unless a subject or body is given."""

    position: Name
    department: Name
    start_date: date
    salary: LongLine = Field(description="as it should read, e.g. 'NOK 650 000 a year, paid monthly'")
    employer: Optional[Name] = Field(None, description="the employer's name on the contract; default: the organisation")
    working_hours: Optional[LongLine] = None
    place_of_work: Optional[LongLine] = None
    terms: Optional[Text] = Field(None, description="further terms, printed as written")
    send_email: bool = True
    from_: Optional[EmailStr] = Field(None, alias="from")
    subject: Optional[LocalizedLine] = None
    body: Optional[Localized] = None

    @model_validator(mode="after")
    def _sender_for_email(self) -> ContractRequest:
        if self.send_email and self.from_ is None:
            raise ValidationError.from_exception_data(
                "ContractRequest",
                [
                    {
                        "type": PydanticCustomError("missing", "required to send the email"),
                        "loc": ("from",),
                        "input": None,
                    }
                ],
            )
        return self


class ContractSent(Model):
    document: Document
    email: Optional[EmailOutcome] = None


# The organisation: its settings (admins), its budgets (operators) ---------------------------


class RetentionPolicy(Strict):
    """How long applicants' data is kept (domain/retention.py)."""

    applications_months: int = Field(6, ge=1, le=60, description="after an application's last activity")
    saved_profiles_months: int = Field(12, ge=1, le=60, description="after a save or the applicant's last consent")
    renewal_notice_days: int = Field(30, ge=1, le=90, description="the applicant is asked this long before")


SenderDomain = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=253)]


class OrganisationPatch(Strict):
    """Only the fields given change; `null` clears one."""

    name: Optional[Name] = Field(None, description="printed as the sender on pages, letters and contracts")
    postal_address: Address = None
    sender_domains: Optional[list[SenderDomain]] = Field(
        None, max_length=20, description="verified SES identities tagged for this organisation"
    )
    reply_to: Optional[EmailStr] = Field(None, description="on a sender domain; the sender where `from` is left out")
    default_language: Optional[Language] = None
    timezone: Optional[Annotated[str, StringConstraints(min_length=1, max_length=64)]] = None
    sms_sender_id: Optional[Annotated[str, StringConstraints(min_length=1, max_length=11)]] = Field(
        None, description="1-11 letters and digits, at least one letter"
    )
    retention: Optional[RetentionPolicy] = Field(
        None, description="only the values given change; null restores the defaults"
    )
    notify_on_accept: Optional[bool] = Field(
        None,
        description="email the inviting recruiter when an applicant accepts too (declines, requests for a new "
        "time and withdrawals always are)",
    )


class OrganisationLimits(Model):
    daily_emails: int
    daily_sms: int


class OrganisationUsage(Model):
    day: date
    emails: int
    sms: int


class OrganisationSettings(Model):
    org: str
    name: Optional[str] = None
    postal_address: Optional[str] = None
    sender_domains: list[str] = Field(default_factory=list)
    reply_to: Optional[str] = None
    default_language: Optional[str] = None
    timezone: Optional[str] = None
    sms_sender_id: Optional[str] = None
    retention: RetentionPolicy = Field(default_factory=RetentionPolicy)
    notify_on_accept: bool = False
    limits: OrganisationLimits
    usage: OrganisationUsage = Field(description="what was sent today (UTC), counted before sending")


class MessageDelivery(Model):
    """One email or SMS the organisation sent, and what became of it."""

    message_id: str
    channel: Literal["email", "sms"]
    kind: str = Field(
        description="invitation, reschedule, cancellation, reminder, email, offer, contract, "
        "access_link, rating_request or forward"
    )
    state: DeliveryState
    at: datetime
    reason: Optional[str] = None
    sent_at: datetime
    applicant_id: Optional[str] = None
    interview_id: Optional[str] = None
    panel_id: Optional[str] = None
