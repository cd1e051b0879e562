"""Interviews.

Request and response models: validated by the HTTP layer, used by the services.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, Optional

from pydantic import (
    AfterValidator,
    EmailStr,
    Field,
    StringConstraints,
    model_serializer,
)
from pydantic_core import PydanticCustomError

from chalicelib.contract.common import (
    Delivery,
    DeliveryState,
    EntityId,
    IsoDate,
    Language,
    Model,
    Name,
    Page,
    Strict,
    WallClock,
    localized,
)

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
