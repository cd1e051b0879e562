from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib.domain.reminders import decide, parts

NOW = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
TODAY = date(2026, 12, 5)
START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
SCHEDULED = {"status": "scheduled", "channel": "email_sms", "send_on": "2026-12-05"}


def decision(reminder=None, **state):
    given = {
        "today": TODAY,
        "now": NOW,
        "start_utc": START,
        "cancelled": False,
        "confirmation": "pending",
        "mobile": "+4791234567",
        "claimed_until": None,
    }
    given.update(state)
    return decide(reminder or SCHEDULED, **given)


def test_a_due_reminder_is_sent_by_both_channels():
    assert decision().action == "send"
    assert decision().parts == ("email", "sms")


@pytest.mark.parametrize("confirmation", ["pending", "accepted"])
def test_pending_and_accepted_interviews_are_reminded(confirmation):
    assert decision(confirmation=confirmation).action == "send"


@pytest.mark.parametrize("confirmation", ["declined", "reschedule_requested", "not_applicable"])
def test_other_answers_are_not_reminded(confirmation):
    assert (decision(confirmation=confirmation).action, decision(confirmation=confirmation).reason) == (
        "skip",
        "answer",
    )


def test_a_cancelled_interview_is_not_reminded():
    assert decision(cancelled=True).reason == "cancelled"


def test_a_started_interview_is_not_reminded():
    assert decision(now=START).reason == "started"


def test_a_reminder_held_back_until_its_interview_began_is_too_late():
    """The run was in time; SES kept throttling its message until the interview had started."""
    assert (decision(lease_now=START).action, decision(lease_now=START).reason) == ("skip", "too_late")
    assert decision(lease_now=START - timedelta(minutes=1)).action == "send"


def test_a_missed_day_is_caught_up_while_the_interview_is_ahead():
    late = {**SCHEDULED, "send_on": "2026-12-01"}
    assert decision(late).action == "send"


def test_a_reminder_moved_later_waits():
    moved = {**SCHEDULED, "send_on": "2026-12-06"}
    assert decision(moved).action == "done"


@pytest.mark.parametrize("status", ["sent", "skipped", "failed", "none"])
def test_a_reminder_that_is_not_scheduled_is_left_alone(status):
    assert decision({**SCHEDULED, "status": status}).action == "done"


def test_no_mobile_means_email_only_and_sms_only_is_skipped():
    assert decision(mobile=None).parts == ("email",)
    assert decision({**SCHEDULED, "channel": "sms"}, mobile=None).reason == "no_mobile"


def test_a_live_claim_is_retried_later_and_an_expired_one_fails_without_resending():
    assert decision(claimed_until=NOW + timedelta(seconds=30)).action == "retry"
    assert decision(claimed_until=NOW - timedelta(seconds=1)).action == "fail"


def test_parts_follow_the_channel():
    assert parts("email", None) == ("email",)
    assert parts("sms", "+47") == ("sms",)
    assert parts("none", "+47") == ()
