"""The CLDR text we show applicants, pinned for the Babel version in requirements.lock.

Functional tests take CLDR wording (zone names, month names) from Babel itself, through
tests.support, so that a Babel update does not break them one by one. This file is the one place
that fails when an update changes what applicants read: review the new wording, then update it here
in the same commit as the lock.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import babel
import pytest

from chalicelib.domain.localize import format_date, format_time
from chalicelib.domain.schedule import zone
from tests.support import OSLO_WINTER, locked

ROOT = Path(__file__).resolve().parents[2]

MONDAY_10_OSLO = datetime(2026, 12, 7, 9, 0, tzinfo=UTC).astimezone(zone("Europe/Oslo"))
MIDSUMMER_10_STOCKHOLM = datetime(2026, 6, 22, 8, 0, tzinfo=UTC).astimezone(zone("Europe/Stockholm"))


def test_the_installed_babel_is_the_locked_one():
    assert babel.__version__ == locked(ROOT / "requirements.lock")["babel"]


@pytest.mark.parametrize(
    ("language", "moment", "date", "time"),
    [
        ("nb", MONDAY_10_OSLO, "mandag 7. desember 2026", "10:00 (normaltid for Sentral-Europa)"),
        ("nl", MONDAY_10_OSLO, "maandag 7 december 2026", "10:00 (Midden-Europese standaardtijd)"),
        ("sv", MONDAY_10_OSLO, "måndag 7 december 2026", "10:00 (centraleuropeisk normaltid)"),
        ("sv", MIDSUMMER_10_STOCKHOLM, "måndag 22 juni 2026", "10:00 (centraleuropeisk sommartid)"),
    ],
)
def test_dates_and_times_read_as_reviewed(language, moment, date, time):
    assert (format_date(moment, language), format_time(moment, language)) == (date, time)


def test_the_fixtures_zone_name_is_babels():
    assert OSLO_WINTER == "normaltid for Sentral-Europa"
