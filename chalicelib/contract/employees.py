"""Employees.

Request and response models: validated by the HTTP layer, used by the services.
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from chalicelib.contract.common import Model

# Employees ---------------------------------------------------------------------------------


class Employee(Model):
    id: str
    applicant_id: str
    first_name: str
    last_name: str
    email: str
    mobile: Optional[str]
    position: str
    department: str
    hired_at: datetime


class EmployeeList(Model):
    items: list[Employee]
    next_cursor: Optional[str]
