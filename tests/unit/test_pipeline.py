"""The transition table, pair by pair: what each recruitment action may do from each status."""

from __future__ import annotations

import itertools

import pytest

from chalicelib.domain import pipeline
from chalicelib.domain.errors import InvalidTransitionError

ACTIVE = ("received", "invited", "saved", "offer_received")

# Written out per action, independently of the table's layout, from the rules in the module docstring.
EXPECTED: dict[str, dict[str, str]] = {
    "withdraw": dict.fromkeys(ACTIVE, "withdrawn"),
    "delete": dict.fromkeys((*ACTIVE, "rejected", "withdrawn"), "deleted"),
    "restore": {"deleted": pipeline.PREVIOUS},
    "purge": {"deleted": pipeline.PURGED},
    "reject": dict.fromkeys(ACTIVE, "rejected"),
    "save": dict.fromkeys(("received", "invited", "offer_received", "rejected"), "saved"),
    "send_offer": dict.fromkeys(("received", "invited", "saved"), "offer_received"),
    "hire": dict.fromkeys(ACTIVE, "hired"),
    "transfer": dict.fromkeys(("received", "invited", "saved", "rejected"), "received"),
    "invite": dict.fromkeys(("received", "invited", "saved"), "invited"),
}

PAIRS = list(itertools.product(pipeline.STATUSES, (*pipeline.ACTIONS, pipeline.INVITE)))


def test_the_expectations_cover_every_action():
    assert set(EXPECTED) == {*pipeline.ACTIONS, pipeline.INVITE}


@pytest.mark.parametrize(("status", "action"), PAIRS, ids=[f"{status}-{action}" for status, action in PAIRS])
def test_every_status_and_action_pair_follows_the_rules(status, action):
    expected = EXPECTED[action].get(status)
    assert pipeline.TRANSITIONS.get((status, action)) == expected
    assert pipeline.allowed(status, action) is (expected is not None)
    if expected is None:
        with pytest.raises(InvalidTransitionError):
            pipeline.next_status(status, action, status_before_delete="received")


@pytest.mark.parametrize("before", ["received", "invited", "withdrawn", "rejected", "saved", "offer_received"])
def test_restore_returns_the_status_before_delete(before):
    assert pipeline.next_status("deleted", "restore", status_before_delete=before) == before


@pytest.mark.parametrize("before", [None, "deleted", "bogus"])
def test_restore_without_a_usable_earlier_status_returns_to_received(before):
    assert pipeline.next_status("deleted", "restore", status_before_delete=before) == "received"


def test_nothing_leads_into_deleted_but_delete_and_nothing_out_of_it_but_restore_and_purge():
    into = {action for (_status, action), target in pipeline.TRANSITIONS.items() if target == "deleted"}
    out = {action for (status, action) in pipeline.TRANSITIONS if status == "deleted"}
    assert into == {"delete"}
    assert out == {"restore", "purge"}


def test_a_hired_applicant_allows_no_action_at_all():
    assert not [pair for pair in pipeline.TRANSITIONS if pair[0] == "hired"]


@pytest.mark.parametrize(
    ("status", "action", "words"),
    [
        ("deleted", "reject", "only be restored or purged"),
        ("received", "restore", "Only a deleted applicant can be restored"),
        ("received", "purge", "Only a deleted applicant can be purged"),
        ("hired", "delete", "employee"),
        ("withdrawn", "save", "withdrew"),
        ("withdrawn", "withdraw", "withdrew"),
        ("rejected", "reject", "already rejected"),
        ("offer_received", "send_offer", "already offer received"),
        ("rejected", "hire", "Cannot hire an applicant who is rejected"),
    ],
)
def test_a_refusal_says_why(status, action, words):
    with pytest.raises(InvalidTransitionError) as refused:
        pipeline.next_status(status, action)
    assert words in refused.value.detail


def test_an_applicant_whose_purge_has_begun_can_only_be_purged():
    with pytest.raises(InvalidTransitionError, match="only be finished"):
        pipeline.next_status("deleted", "restore", "received", purge_started=True)
    assert pipeline.next_status("deleted", "purge", "received", purge_started=True) == pipeline.PURGED


def test_the_applicant_withdraws_wherever_the_recruiter_may_and_after_a_rejection_or_a_withdrawal():
    from chalicelib.domain.pipeline import APPLICANT_WITHDRAWABLE

    assert set(APPLICANT_WITHDRAWABLE) == {"received", "invited", "saved", "offer_received", "rejected", "withdrawn"}
    assert "hired" not in APPLICANT_WITHDRAWABLE and "deleted" not in APPLICANT_WITHDRAWABLE
