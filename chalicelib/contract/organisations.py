"""The organisation's settings, limits and usage.

Request and response models: validated by the HTTP layer, used by the services.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, Optional

from pydantic import (
    EmailStr,
    Field,
    StringConstraints,
)

from chalicelib.contract.common import Address, DeliveryState, Language, Model, Name, Strict

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
