from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.store.models import Employee
from chalicelib.store.paging import one_page


def new(org: str, employee_id: str, applicant: Any, position: str, department: str, hired_at: datetime) -> Employee:
    """The employee a hired applicant becomes: their name and contact, the job, and where they came from."""
    return Employee(
        org,
        employee_id,
        applicant_id=applicant.applicant_id,
        first_name=applicant.first_name,
        last_name=applicant.last_name,
        email=applicant.email,
        mobile=applicant.mobile,
        position=position,
        department=department,
        hired_at=hired_at,
    )


def page(org: str, limit: int, start: dict[str, Any] | None) -> tuple[list[Employee], dict | None]:
    return one_page(Employee.query, limit, start, hash_key=org, scan_index_forward=False)
