"""Profile access.

Request and response models: validated by the HTTP layer, used by the services.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Optional

from pydantic import (
    EmailStr,
    Field,
    StringConstraints,
)

from chalicelib.contract.common import Language, Mobile, Model, Name, Strict

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
