"""Letters."""

from __future__ import annotations

from chalicelib.api.web import Request, Routes
from chalicelib.lazy import lazy_import

letters = lazy_import("chalicelib.services.letters")

routes = Routes()


@routes.route(
    "/applicants/{applicant_id}/letters/{kind}",
    query="LetterQuery",
    binary="application/pdf",
    tags=("documents",),
)
def print_letter(req: Request, applicant_id: str, kind: str):
    """The `received` or `rejected` letter as a PDF, in the applicant's language (send Accept: application/pdf)."""
    return letters.letter(req.recruiter, applicant_id, kind, req.query, req.now)
