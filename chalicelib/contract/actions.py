"""Recruitment actions.

Request and response models: validated by the HTTP layer, used by the services.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import (
    ConfigDict,
    EmailStr,
    Field,
    RootModel,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from chalicelib.contract.common import ApplicantStatus, Delivery, EntityId, Model, Name, Strict
from chalicelib.contract.interviews import Localized, LocalizedLine

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
