"""Employment contracts."""

from __future__ import annotations

from chalicelib.api.web import Request, Routes
from chalicelib.lazy import lazy_import

contracts = lazy_import("chalicelib.services.contracts")

routes = Routes()


@routes.route(
    "/applicants/{applicant_id}/contract",
    "POST",
    idempotent=True,
    body="ContractRequest",
    response="ContractSent",
    status=201,
    tags=("documents",),
)
def send_contract(req: Request, applicant_id: str):
    """Make the employment contract PDF, store it as the applicant's document and email it to them."""
    return contracts.send(req.recruiter, applicant_id, req.body, req.now)
