from datetime import UTC, date, datetime

import pytest

from chalicelib.domain.errors import InvalidInputError
from chalicelib.domain.schedule import check_start, send_on, to_instant

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_monday_interview_is_reminded_on_saturday():
    assert send_on(date(2026, 12, 7), 2) == date(2026, 12, 5)


@pytest.mark.parametrize(
    ("interview", "days", "expected"),
    [
        (date(2026, 12, 1), 1, date(2026, 11, 30)),  # month end
        (date(2027, 1, 2), 5, date(2026, 12, 28)),  # year end
        (date(2027, 3, 1), 1, date(2027, 2, 28)),  # February
        (date(2028, 3, 1), 1, date(2028, 2, 29)),  # leap year
        (date(2027, 3, 29), 1, date(2027, 3, 28)),  # the day DST starts in Europe
        (date(2027, 11, 1), 7, date(2027, 10, 25)),
    ],
)
def test_send_on_counts_calendar_days(interview, days, expected):
    assert send_on(interview, days) == expected


def test_wall_clock_time_becomes_an_instant_in_its_zone():
    assert to_instant(datetime(2026, 12, 7, 10, 0), "Europe/Oslo") == datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    assert to_instant(datetime(2026, 7, 7, 10, 0), "Europe/Helsinki") == datetime(2026, 7, 7, 7, 0, tzinfo=UTC)


def test_a_time_the_dst_change_skips_is_refused():
    with pytest.raises(InvalidInputError) as error:
        to_instant(datetime(2027, 3, 28, 2, 30), "Europe/Oslo")
    assert error.value.errors[0]["field"] == "start"


def test_an_ambiguous_autumn_time_takes_the_first_occurrence():
    assert to_instant(datetime(2026, 10, 25, 2, 30), "Europe/Oslo") == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_an_offset_in_the_start_is_refused():
    with pytest.raises(InvalidInputError):
        to_instant(datetime(2026, 12, 7, 10, 0, tzinfo=UTC), "Europe/Oslo")


def test_the_days_count_in_the_interviews_zone():
    # 22:30 UTC on the 20th is already the 21st in Helsinki: the interview on the 23rd is 2 days away there
    late = datetime(2026, 11, 20, 22, 30, tzinfo=UTC)
    start = to_instant(datetime(2026, 11, 23, 8, 0), "Europe/Helsinki")
    check_start(start, "Europe/Helsinki", late, 2)
    with pytest.raises(InvalidInputError):
        check_start(start, "Europe/Helsinki", late, 3)


def test_a_reminder_on_the_day_before_is_allowed_for_tomorrow():
    start = to_instant(datetime(2026, 11, 21, 8, 0), "Europe/Oslo")
    check_start(start, "Europe/Oslo", NOW, 1)


def test_the_start_must_be_in_the_future():
    with pytest.raises(InvalidInputError) as error:
        check_start(NOW, "Europe/Oslo", NOW, None)
    assert error.value.errors[0]["field"] == "start"


def test_a_job_s_instant_is_read_as_utc_whatever_its_form():
    from datetime import UTC, datetime, timedelta, timezone

    from chalicelib.domain.schedule import parse_instant

    expected = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
    assert parse_instant("2026-12-05T08:00:00Z") == expected
    assert parse_instant("2026-12-05T09:00:00+01:00") == expected
    assert parse_instant("2026-12-05T08:00:00") == expected  # no offset: the schedule's own UTC
    assert parse_instant(datetime(2026, 12, 5, 10, 0, tzinfo=timezone(timedelta(hours=2)))).tzinfo == UTC
