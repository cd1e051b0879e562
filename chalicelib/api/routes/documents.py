"""Documents."""

from __future__ import annotations

from chalicelib.api.web import Request, Routes
from chalicelib.lazy import lazy_import

documents = lazy_import("chalicelib.services.documents")

routes = Routes()


@routes.route(
    "/applicants/{applicant_id}/documents",
    "POST",
    body="DocumentCreate",
    response="DocumentCreated",
    status=201,
    tags=("documents",),
)
def create_document(req: Request, applicant_id: str):
    """Announce an upload: a pending document and a presigned POST that S3 holds to its type and size."""
    return documents.create(req.recruiter, applicant_id, req.body, req.now)


@routes.route("/applicants/{applicant_id}/documents", query="Page", response="DocumentList", tags=("documents",))
def list_documents(req: Request, applicant_id: str):
    """The applicant's documents, oldest first."""
    return documents.page(req.recruiter, applicant_id, req.query, req.now)


@routes.route("/applicants/{applicant_id}/documents/{document_id}", response="Document", tags=("documents",))
def get_document(req: Request, applicant_id: str, document_id: str):
    """One document; once uploaded, with a download link that works for a few minutes."""
    return documents.get(req.recruiter, applicant_id, document_id, req.now)


@routes.route("/applicants/{applicant_id}/documents/{document_id}", "DELETE", status=204, tags=("documents",))
def delete_document(req: Request, applicant_id: str, document_id: str):
    """Delete the document and its file."""
    return documents.delete(req.recruiter, applicant_id, document_id, req.now)
