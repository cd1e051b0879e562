"""Interview offers.

Request and response models: validated by the HTTP layer, used by the services.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Optional

from pydantic import (
    Field,
    StringConstraints,
)

from chalicelib.contract.common import EntityId, Model, Page, Strict, WallClock
from chalicelib.contract.interviews import Attendee, InterviewType, InvitationIn, ReminderIn

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
