"""The addresses of personal links: what an applicant, a reviewer or a calendar app is sent."""

from __future__ import annotations

from chalicelib import config

PATHS = {
    "answer": "confirm",  # the interview's answer page (an invitation or an offer of slots)
    "profile": "profile",  # the applicant's own data
    "rating": "rate",  # a reviewer's rating page
    "calendar": "calendar",  # a recruiter's calendar feed (.ics)
}


def public_url(kind: str, token: str) -> str:
    """`<PUBLIC_BASE_URL>/<path of kind>/<token>`; the token is the only secret in it."""
    return f"{config.public_base_url()}/{PATHS[kind]}/{token}"
