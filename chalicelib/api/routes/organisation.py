"""The organisation's settings."""

from __future__ import annotations

from chalicelib.api.web import Request, Routes
from chalicelib.lazy import lazy_import

organisations = lazy_import("chalicelib.services.organisations")

routes = Routes()


@routes.route("/organisation", response="OrganisationSettings", tags=("organisation",))
def get_organisation(req: Request):
    """The organisation's settings, its daily budgets and what it sent today (admins only)."""
    return organisations.settings(req.recruiter, req.now)


@routes.route(
    "/organisation", "PATCH", body="OrganisationPatch", response="OrganisationSettings", tags=("organisation",)
)
def change_organisation(req: Request):
    """Change the organisation's name, address, sender domains, reply-to and defaults (admins only)."""
    return organisations.update(req.recruiter, req.body, req.now)
