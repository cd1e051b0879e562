"""Rating panels.

Request and response models: validated by the HTTP layer, used by the services.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Optional

from pydantic import (
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
)

from chalicelib.contract.common import EntityId, Language, Model, Name, Strict

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
