"""Paper for the applicant: which letter or contract fits which applicant.

A letter is printed by the recruiter and posted; a contract is emailed. Neither
moves the applicant through the pipeline, so these rules sit beside it rather
than in its table of transitions.
"""

from __future__ import annotations

from chalicelib.domain.errors import ConflictError, NotFoundError

LETTER_KINDS = ("received", "rejected")
"""The letter templates the product has: the application was received, or it was rejected."""

CONTRACT_STATUSES = ("offer_received", "hired")
"""A contract follows an offer: sent to someone with an offer, or already hired."""


def check_letter(kind: str, status: str) -> None:
    if kind not in LETTER_KINDS:
        raise NotFoundError(f"No letter {kind!r}; the letters are {', '.join(LETTER_KINDS)}.")
    if status == "deleted":
        raise ConflictError("The applicant is deleted; restore them first.")
    if kind == "rejected" and status != "rejected":
        raise ConflictError(f"A rejection letter is only for a rejected applicant; this one is {_words(status)}.")


def check_contract(status: str) -> None:
    if status not in CONTRACT_STATUSES:
        raise ConflictError(
            f"A contract is for an applicant with an offer or hired; this one is {_words(status)}. Send an offer first."
        )


def _words(status: str) -> str:
    return status.replace("_", " ")
