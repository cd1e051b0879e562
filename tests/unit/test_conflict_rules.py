"""When two interviews clash (the rule behind attendee_busy and applicant_busy)."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.domain.conflicts import blocks, end_of, overlaps, same_group

TEN = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


def test_overlapping_interviews_clash_and_back_to_back_ones_do_not():
    assert overlaps(TEN, end_of(TEN, 45), end_of(TEN, 30), end_of(TEN, 90))
    assert overlaps(TEN, end_of(TEN, 45), TEN, end_of(TEN, 5))
    assert not overlaps(TEN, end_of(TEN, 45), end_of(TEN, 45), end_of(TEN, 90))
    assert not overlaps(end_of(TEN, 45), end_of(TEN, 90), TEN, end_of(TEN, 45))


def test_cancelled_and_declined_interviews_block_nobody():
    assert blocks(False, "pending")
    assert blocks(False, "accepted")
    assert blocks(False, "reschedule_requested")
    assert not blocks(True, "accepted")
    assert not blocks(False, "declined")


def test_members_of_one_group_never_clash_with_each_other():
    assert same_group("grp_1", "grp_1")
    assert not same_group("grp_1", "grp_2")
    assert not same_group(None, None)  # two ordinary interviews are no group
    assert not same_group("grp_1", None)
