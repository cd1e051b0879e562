"""Health, problems and the development routes.

Request and response models: validated by the HTTP layer, used by the services.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Optional

from pydantic import (
    AfterValidator,
    EmailStr,
    Field,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from chalicelib.contract.common import Model, Name, Strict

# Misc --------------------------------------------------------------------------------------


class Health(Model):
    status: Literal["ok"]


class Readiness(Model):
    status: Literal["ready"]
    version: str = Field(description="The package version and the commit it was built from, e.g. 1.1.0+3f2a9c1d0b4e.")


class Problem(Model):
    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, str]] = []


def _org_id(value: str) -> str:
    from chalicelib.domain.organisations import is_org_id

    if not is_org_id(value):
        raise PydanticCustomError("org_id", "lower-case letters, digits and hyphens, at most 63, not starting with -")
    return value


class DevTokenRequest(Strict):
    org: Optional[Annotated[str, AfterValidator(_org_id)]] = None
    sub: Optional[Annotated[str, StringConstraints(min_length=1, max_length=100)]] = None
    name: Optional[Name] = None
    email: Optional[EmailStr] = None
    sms: bool = True
    admin: bool = False


class DevRemindersRun(Strict):
    at: Optional[datetime] = None


class DevRetentionRun(Strict):
    at: Optional[datetime] = None
