"""Employees: the applicants who were hired."""

from __future__ import annotations

from chalicelib import config, contract
from chalicelib.domain import cursors
from chalicelib.domain.actors import Recruiter
from chalicelib.store import employees as store


def view(employee) -> contract.Employee:
    return contract.Employee(
        id=employee.employee_id,
        applicant_id=employee.applicant_id,
        first_name=employee.first_name,
        last_name=employee.last_name,
        email=employee.email,
        mobile=employee.mobile,
        position=employee.position,
        department=employee.department,
        hired_at=employee.hired_at,
    )


def page(recruiter: Recruiter, query: contract.Page) -> contract.EmployeeList:
    """The organisation's employees, most recently hired first."""
    secret = config.cursor_secret()
    start = cursors.decode(secret, recruiter.org, "employees", query.cursor)
    items, position = store.page(recruiter.org, query.limit, start)
    return contract.EmployeeList(
        items=[view(item) for item in items], next_cursor=cursors.encode(secret, recruiter.org, "employees", position)
    )
