"""Emails to applicants.

Request and response models: validated by the HTTP layer, used by the services.
"""

from __future__ import annotations

from typing import Annotated, Optional

from pydantic import (
    EmailStr,
    Field,
)

from chalicelib.contract.common import Delivery, EntityId, Model, Strict
from chalicelib.contract.interviews import RequiredLine, RequiredText


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
