"""Profile access: the applicant's own page."""

from __future__ import annotations

from chalicelib.api.web import FORM, Request, Routes
from chalicelib.lazy import lazy_import

profiles = lazy_import("chalicelib.services.profiles")

routes = Routes()


@routes.route(
    "/applicants/{applicant_id}/access",
    "POST",
    idempotent=True,
    body="ProfileAccessRequest",
    response="ProfileAccess",
    status=201,
    tags=("applicants",),
)
def send_profile_access(req: Request, applicant_id: str):
    """Email the applicant a personal link to see, correct or ask to delete their stored data."""
    return profiles.send(req.recruiter, applicant_id, req.body, req.now)


@routes.route(
    "/profile/{token}",
    public=True,
    html=True,
    tags=("profile page",),
    error_page=lambda req, error: profiles.failure_page(error),
)
def profile_page(req: Request, token: str):
    """The applicant's stored data, with forms to correct it or ask to be deleted. A GET never changes anything."""
    return profiles.show(token, req.now)


@routes.route(
    "/profile/{token}",
    "POST",
    public=True,
    html=True,
    content_types=FORM,
    form="ProfileForm",
    tags=("profile page",),
    error_page=lambda req, error: profiles.failure_page(error),
)
def change_profile(req: Request, token: str):
    """`intent=correct`: save the applicant's corrections; `intent=delete`: record their deletion request."""
    return profiles.submit(token, req.form(), req.now)
