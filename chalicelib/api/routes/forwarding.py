"""Forwarding a CV."""

from __future__ import annotations

from chalicelib.api.web import Request, Routes
from chalicelib.lazy import lazy_import

forwarding = lazy_import("chalicelib.services.forwarding")

routes = Routes()


@routes.route(
    "/applicants/{applicant_id}/forward",
    "POST",
    idempotent=True,
    body="ForwardRequest",
    response="ForwardResult",
    tags=("documents",),
)
def forward_applicant(req: Request, applicant_id: str):
    """Email the applicant's summary, CV and attachments to anyone; optionally anonymised or without attachments."""
    return forwarding.forward(req.recruiter, applicant_id, req.body, req.now)
