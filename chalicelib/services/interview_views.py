"""How interviews read to recruiters (filled in by the interviews work)."""

from __future__ import annotations

from typing import Any


def for_applicant(org: str, applicant_id: str) -> list[dict[str, Any]]:
    return []
