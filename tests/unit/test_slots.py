"""Offered slots: which are open, the offer's state, and the reminder rule per slot (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.domain.errors import InvalidInputError
from chalicelib.domain.slots import Slot, offer_state, open_slots, reminder_fits, slot_instants

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def slot(hour: int, taken: int = 0, capacity: int = 1, withdrawn: bool = False, day: int = 7) -> Slot:
    start = datetime(2026, 12, day, hour, 0, tzinfo=UTC)
    return Slot(
        f"slot#b#{start:%Y-%m-%dT%H}", start, f"2026-12-{day:02d}T{hour + 1:02d}:00", capacity, taken, withdrawn
    )


def test_full_withdrawn_and_begun_slots_are_not_open():
    slots = [slot(9, taken=1), slot(10, withdrawn=True), slot(11), slot(12, taken=1, capacity=2)]
    assert [each.start_utc.hour for each in open_slots(slots, NOW)] == [11, 12]
    assert open_slots([slot(11)], datetime(2026, 12, 7, 11, 0, tzinfo=UTC)) == []


@pytest.mark.parametrize(
    ("stored", "respond_by", "slots", "state"),
    [
        ("open", None, [slot(9)], "open"),
        ("open", datetime(2026, 11, 20, 8, 0, tzinfo=UTC), [slot(9)], "expired"),
        ("open", None, [slot(9, taken=1)], "expired"),
        ("booked", datetime(2026, 11, 1, tzinfo=UTC), [slot(9, taken=1)], "booked"),
        ("declined", None, [slot(9)], "declined"),
    ],
)
def test_an_open_offer_expires_past_respond_by_or_with_no_open_slot(stored, respond_by, slots, state):
    assert offer_state(stored, respond_by, slots, NOW) == state


def test_slots_are_instants_in_their_zone_across_the_dst_change():
    winter, summer = slot_instants([datetime(2027, 3, 27, 10, 0), datetime(2027, 3, 29, 10, 0)], "Europe/Oslo", NOW)
    assert winter == datetime(2027, 3, 27, 9, 0, tzinfo=UTC)
    assert summer == datetime(2027, 3, 29, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("starts", "field"),
    [
        ([datetime(2026, 12, 7, 10, 0), datetime(2027, 3, 28, 2, 30)], "slots.1"),  # skipped by DST
        ([datetime(2026, 11, 19, 10, 0), datetime(2026, 12, 7, 10, 0)], "slots.0"),  # in the past
        ([datetime(2026, 12, 7, 10, 0), datetime(2026, 12, 7, 10, 0)], "slots.1"),  # twice
    ],
)
def test_a_bad_slot_is_named(starts, field):
    with pytest.raises(InvalidInputError) as caught:
        slot_instants(starts, "Europe/Oslo", NOW)
    assert caught.value.errors[0]["field"] == field


def test_a_slot_fits_its_reminder_by_calendar_days_in_its_own_zone():
    # 23:30 UTC on the 20th is already the 21st in Oslo: one calendar day before a slot on the 22nd
    late = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    assert reminder_fits(datetime(2026, 11, 22, 9, 0, tzinfo=UTC), "Europe/Oslo", late, 1)
    assert not reminder_fits(datetime(2026, 11, 22, 9, 0, tzinfo=UTC), "Europe/Oslo", late, 2)
    assert reminder_fits(datetime(2026, 11, 22, 9, 0, tzinfo=UTC), "Europe/Oslo", late, None)
