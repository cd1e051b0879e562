"""Applicants: their records, history and legal holds."""

from __future__ import annotations

from chalicelib.api.web import Request, Routes
from chalicelib.lazy import lazy_import

applicants = lazy_import("chalicelib.services.applicants")
retention = lazy_import("chalicelib.services.retention")

routes = Routes()


@routes.route(
    "/vacancies/{vacancy_id}/applicants",
    "POST",
    idempotent=True,
    body="ApplicantCreate",
    response="Applicant",
    status=201,
    tags=("applicants",),
)
def create_applicant(req: Request, vacancy_id: str):
    """Add an application to a vacancy."""
    return applicants.create(req.recruiter, vacancy_id, req.body, req.now)


@routes.route(
    "/vacancies/{vacancy_id}/applicants", query="ApplicantQuery", response="ApplicantList", tags=("applicants",)
)
def list_vacancy_applicants(req: Request, vacancy_id: str):
    """A vacancy's applicants, optionally in one status."""
    return applicants.page_for_vacancy(req.recruiter, vacancy_id, req.query)


@routes.route("/applicants", query="OrgApplicantQuery", response="ApplicantList", tags=("applicants",))
def list_applicants(req: Request):
    """The organisation's applicants; `?status=deleted` is the deleted-applications list;
    `?retention_due_before=YYYY-MM-DD` what the retention run will delete before that day."""
    return applicants.page_for_org(req.recruiter, req.query)


@routes.route("/applicants/{applicant_id}", response="ApplicantDetail", tags=("applicants",))
def get_applicant(req: Request, applicant_id: str):
    """One applicant with their interviews and history."""
    return applicants.detail(req.recruiter, applicant_id)


@routes.route("/applicants/{applicant_id}/history", query="HistoryQuery", response="HistoryList", tags=("applicants",))
def get_applicant_history(req: Request, applicant_id: str):
    """An applicant's history, newest first; `?cursor=` takes the detail's `history_next_cursor` to go further back."""
    return applicants.history_page(req.recruiter, applicant_id, req.query)


@routes.route("/applicants/{applicant_id}", "PATCH", body="ApplicantPatch", response="Applicant", tags=("applicants",))
def patch_applicant(req: Request, applicant_id: str):
    """Change an applicant's personal fields."""
    return applicants.patch(req.recruiter, applicant_id, req.body, req.now)


@routes.route("/applicants/{applicant_id}/hold", "POST", body="HoldRequest", response="Applicant", tags=("applicants",))
def place_legal_hold(req: Request, applicant_id: str):
    """Place a legal hold with a reason: the retention run keeps the applicant, and purge is refused, until released."""
    return retention.hold(req.recruiter, applicant_id, req.body, req.now)


@routes.route("/applicants/{applicant_id}/hold", "DELETE", response="Applicant", tags=("applicants",))
def release_legal_hold(req: Request, applicant_id: str):
    """Release the legal hold: the retention date the policy gives applies again."""
    return retention.release(req.recruiter, applicant_id, req.now)
