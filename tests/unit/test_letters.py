"""Which letter or contract fits which applicant."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import ConflictError, NotFoundError
from chalicelib.domain.letters import check_contract, check_letter
from chalicelib.domain.pipeline import STATUSES


@pytest.mark.parametrize("status", [status for status in STATUSES if status != "deleted"])
def test_a_received_letter_fits_any_applicant_who_is_not_deleted(status):
    check_letter("received", status)


def test_a_rejection_letter_is_only_for_the_rejected():
    check_letter("rejected", "rejected")
    for status in set(STATUSES) - {"rejected"}:
        with pytest.raises(ConflictError):
            check_letter("rejected", status)


def test_an_unknown_letter_is_not_found():
    with pytest.raises(NotFoundError, match="received, rejected"):
        check_letter("welcome", "received")


def test_a_contract_follows_an_offer():
    check_contract("offer_received")
    check_contract("hired")
    with pytest.raises(ConflictError, match="Send an offer first"):
        check_contract("invited")
