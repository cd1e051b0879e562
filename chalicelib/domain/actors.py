"""Who acts: the recruiter a use case works for, as a plain value.

The HTTP layer (`chalicelib/api/auth.py`) makes one from the verified ID token; the services
take it as it is and never see a token, a header or a request.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Recruiter:
    user_id: str
    org: str  # the organisation from the token: every key the recruiter can reach starts with it
    name: str
    email: str
    sms: bool
    admin: bool = False  # may see and change the organisation's settings
