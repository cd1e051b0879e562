"""Rating panels and the reviewers' rating page."""

from __future__ import annotations

from chalicelib.api.web import FORM, Request, Routes
from chalicelib.lazy import lazy_import

panels = lazy_import("chalicelib.services.panels")
rating_pages = lazy_import("chalicelib.services.rating_pages")

routes = Routes()


@routes.route(
    "/rating-panels",
    "POST",
    idempotent=True,
    body="RatingPanelCreate",
    response="RatingPanel",
    status=201,
    tags=("rating panels",),
)
def create_rating_panel(req: Request):
    """Send applicants for rating: each reviewer is emailed a personal link to rate them 1-7 stars."""
    return panels.create(req.recruiter, req.body, req.now)


@routes.route("/rating-panels", query="Page", response="RatingPanelList", tags=("rating panels",))
def list_rating_panels(req: Request):
    """The organisation's rating panels, newest first."""
    return panels.page(req.recruiter, req.query, req.now)


@routes.route("/rating-panels/{panel_id}", response="RatingPanel", tags=("rating panels",))
def get_rating_panel(req: Request, panel_id: str):
    """One rating panel, with each reviewer's status."""
    return panels.get(req.recruiter, panel_id, req.now)


@routes.route("/rating-panels/{panel_id}/close", "POST", response="RatingPanel", tags=("rating panels",))
def close_rating_panel(req: Request, panel_id: str):
    """Close a panel now: the reviewers' links stop working."""
    return panels.close(req.recruiter, panel_id, req.now)


@routes.route(
    "/rate/{token}",
    public=True,
    html=True,
    tags=("rating page",),
    error_page=lambda req, error: rating_pages.failure_page(error),
)
def rating_page(req: Request, token: str):
    """The reviewer's rating page: the candidates' names and application texts. A GET never changes anything."""
    return rating_pages.show(token, req.now)


@routes.route(
    "/rate/{token}",
    "POST",
    public=True,
    html=True,
    content_types=FORM,
    form="RatingForm",
    tags=("rating page",),
    error_page=lambda req, error: rating_pages.failure_page(error),
)
def rate_candidates(req: Request, token: str):
    """Save the reviewer's ratings (1-7 stars and a comment per candidate); changeable until the panel closes."""
    return rating_pages.submit(token, req.form(), req.now)
