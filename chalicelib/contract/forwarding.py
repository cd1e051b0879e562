"""Forwarding a CV.

Request and response models: validated by the HTTP layer, used by the services.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    EmailStr,
    Field,
    StringConstraints,
)

from chalicelib.contract.common import Language, Model, Strict

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
