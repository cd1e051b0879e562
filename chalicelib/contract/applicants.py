"""Applicants, their history and retention.

Request and response models: validated by the HTTP layer, used by the services.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, Optional

from pydantic import (
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
)

from chalicelib.contract.common import (
    Address,
    ApplicantStatus,
    Delivery,
    Kept,
    Language,
    Mobile,
    Model,
    Name,
    Page,
    ScreeningAnswers,
    Strict,
    Text,
)

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
