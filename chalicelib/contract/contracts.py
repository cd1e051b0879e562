"""Employment contracts.

Request and response models: validated by the HTTP layer, used by the services.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Optional

from pydantic import (
    EmailStr,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from chalicelib.contract.actions import EmailOutcome
from chalicelib.contract.common import Model, Name, Strict, Text
from chalicelib.contract.documents import Document
from chalicelib.contract.interviews import Localized, LocalizedLine

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
