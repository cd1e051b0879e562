from datetime import UTC, date, datetime

import pytest

from chalicelib.domain.retention import Facts, Plan, Policy, add_months, plan, policy_errors

ACTIVE = datetime(2026, 1, 10, 10, 0, tzinfo=UTC)
POLICY = Policy()


def test_an_application_is_due_its_months_after_its_last_activity():
    due = plan(Facts(status="rejected", last_activity_at=ACTIVE), POLICY)
    assert due == Plan(date(2026, 7, 10), "application")
    assert due.action(date(2026, 7, 9)) is None
    assert due.action(date(2026, 7, 10)) == "purge"
    assert due.action(date(2026, 8, 1)) == "purge"  # a missed run is caught up


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 11, 20), 60, date(2031, 11, 20)),
    ],
)
def test_months_are_calendar_months_ending_on_the_month_s_last_day_where_it_is_shorter(day, months, expected):
    assert add_months(day, months) == expected


def test_the_date_is_the_utc_day_of_the_last_activity():
    late_in_oslo = datetime.fromisoformat("2026-01-10T23:30:00+01:00")  # 22:30 UTC, still the 10th
    assert plan(Facts(status="received", last_activity_at=late_in_oslo), POLICY).delete_on == date(2026, 7, 10)


def test_hired_and_held_applicants_have_no_date():
    assert plan(Facts(status="hired", last_activity_at=ACTIVE), POLICY) == Plan(None, "employee")
    assert plan(Facts(status="received", last_activity_at=ACTIVE, held=True), POLICY) == Plan(None, "legal_hold")
    assert plan(Facts(status="hired", last_activity_at=ACTIVE, held=True), POLICY).reason == "legal_hold"


def test_a_saved_profile_is_asked_before_it_expires_and_once_per_period():
    saved = plan(Facts(status="saved", last_activity_at=ACTIVE), POLICY)
    assert (saved.delete_on, saved.notice_on, saved.reason) == (date(2027, 1, 10), date(2026, 12, 11), "saved_profile")
    assert saved.action(date(2026, 12, 10)) is None
    assert saved.action(date(2026, 12, 11)) == "notice"
    asked = plan(
        Facts(status="saved", last_activity_at=ACTIVE, notice_sent_at=datetime(2026, 12, 11, tzinfo=UTC)), POLICY
    )
    assert asked.notice_on is None
    assert asked.next_on == date(2027, 1, 10)
    assert asked.action(date(2027, 1, 10)) == "purge"


def test_consent_starts_a_new_period_with_a_new_question():
    renewed = Facts(
        status="saved",
        last_activity_at=ACTIVE,
        consent_at=datetime(2026, 12, 20, tzinfo=UTC),
        notice_sent_at=datetime(2026, 12, 11, tzinfo=UTC),
    )
    kept = plan(renewed, POLICY)
    assert (kept.delete_on, kept.notice_on) == (date(2027, 12, 20), date(2027, 11, 20))


def test_a_deletion_request_is_due_the_day_it_was_made():
    asked = plan(Facts(status="deleted", last_activity_at=ACTIVE, deletion_requested_at=ACTIVE), POLICY)
    assert asked == Plan(date(2026, 1, 10), "deletion_requested")


def test_the_organisation_s_policy_applies():
    short = Policy.of({"applications_months": 1, "saved_profiles_months": 2, "renewal_notice_days": 7})
    assert plan(Facts(status="received", last_activity_at=ACTIVE), short).delete_on == date(2026, 2, 10)
    saved = plan(Facts(status="saved", last_activity_at=ACTIVE), short)
    assert (saved.delete_on, saved.notice_on) == (date(2026, 3, 10), date(2026, 3, 3))
    assert Policy.of(None) == Policy(6, 12, 30)


def test_bounds_are_named():
    assert policy_errors({"applications_months": 0, "saved_profiles_months": 61, "renewal_notice_days": 91}) == [
        {"field": "retention.applications_months", "message": "between 1 and 60 months"},
        {"field": "retention.saved_profiles_months", "message": "between 1 and 60 months"},
        {"field": "retention.renewal_notice_days", "message": "between 1 and 90 days"},
    ]
    assert policy_errors({"applications_months": 60, "saved_profiles_months": 1, "renewal_notice_days": 30}) == []
