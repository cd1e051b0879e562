"""Reading and changing interviews as a recruiter."""

from __future__ import annotations

from chalicelib.api import models as api
from chalicelib.api.auth import Recruiter
from chalicelib.services.interview_views import view
from chalicelib.store import interviews as store


def get(recruiter: Recruiter, interview_id: str) -> api.Interview:
    return view(store.get(recruiter.org, interview_id))
