"""Recruitment actions and employees."""

from __future__ import annotations

from chalicelib.api.web import Request, Routes
from chalicelib.lazy import lazy_import

actions = lazy_import("chalicelib.services.actions")
employees = lazy_import("chalicelib.services.employees")

routes = Routes()


@routes.route(
    "/applicants/actions",
    "POST",
    idempotent=True,
    body="RecruitmentAction",
    response="RecruitmentActionResults",
    tags=("applicants",),
)
def act_on_applicants(req: Request):
    """Withdraw, delete, restore, purge, reject, save, send an offer to, hire or transfer applicants."""
    return actions.perform(req.recruiter, req.body, req.now)


@routes.route("/employees", query="Page", response="EmployeeList", tags=("employees",))
def list_employees(req: Request):
    """The organisation's employees (hired applicants), most recently hired first."""
    return employees.page(req.recruiter, req.query)
