from chalicelib.domain.answers import ANSWERS, reminder_after

SKIPPED = {"channel": "email", "status": "skipped", "skipped_for": "answer", "send_on": "2026-12-05"}


def test_an_accept_after_a_decline_brings_the_reminder_back():
    assert reminder_after("accepted", SKIPPED) == {"channel": "email", "status": "scheduled", "send_on": "2026-12-05"}
    assert SKIPPED["status"] == "skipped"  # the interview's own reminder is not changed in place


def test_other_answers_and_other_skips_leave_the_reminder_alone():
    assert reminder_after("declined", SKIPPED) is None
    assert reminder_after("reschedule_requested", SKIPPED) is None
    assert reminder_after("accepted", {**SKIPPED, "skipped_for": "too_late"}) is None
    assert reminder_after("accepted", {"status": "scheduled"}) is None
    assert reminder_after("accepted", None) is None


def test_every_answer_sets_a_confirmation():
    assert ANSWERS == {
        "accept": "accepted",
        "decline": "declined",
        "reschedule": "reschedule_requested",
        "withdraw": "not_applicable",
    }
