"""Rating panels' pure rules: stars, the reviewer's form, the average, how long a panel stays open."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain import ratings
from chalicelib.domain.errors import InvalidInputError
from chalicelib.domain.ratings import Entry, RatingFormError

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("value", "stars"), [("1", 1), ("7", 7), (" 4 ", 4), ("07", 7)])
def test_one_to_seven_stars_are_read(value, stars):
    assert ratings.parse_stars(value) == stars


@pytest.mark.parametrize("value", ["0", "8", "-1", "3.5", "five", "", " ", "٣", "²", "1e0", "+3"])
def test_anything_but_one_to_seven_whole_stars_is_refused(value):
    assert ratings.parse_stars(value) is None


def test_the_average_is_the_mean_to_two_decimals():
    assert ratings.average(14, 3) == 4.67
    assert ratings.average(9, 2) == 4.5
    assert ratings.average(7, 1) == 7.0


def test_no_ratings_have_no_average():
    assert ratings.average(None, None) is None
    assert ratings.average(0, 0) is None


def test_a_first_rating_adds_its_stars_and_one_to_the_count():
    assert ratings.contribution(None, 5) == (5, 1)


def test_a_changed_rating_adds_only_the_difference_and_counts_once():
    assert ratings.contribution(6, 2) == (-4, 0)
    assert ratings.contribution(3, 3) == (0, 0)


def test_sums_and_counts_from_contributions_give_the_mean_of_the_latest_ratings():
    # Anna gives 6 then changes to 2; Per gives 3: the mean of (2, 3).
    total, count = 0, 0
    for previous, stars in [(None, 6), (6, 2), (None, 3)]:
        add_sum, add_count = ratings.contribution(previous, stars)
        total, count = total + add_sum, count + add_count
    assert ratings.average(total, count) == 2.5


def test_the_form_gives_stars_and_comments_per_candidate():
    form = {"stars.a": "6", "comment.a": "  Strong\r\nprofile ", "stars.b": "3", "comment.b": ""}
    assert ratings.read_form(form, ["a", "b"]) == {"a": Entry(6, "Strong\nprofile"), "b": Entry(3, None)}


def test_a_candidate_left_blank_is_left_as_it_was():
    assert ratings.read_form({"stars.a": "5", "stars.b": ""}, ["a", "b"]) == {"a": Entry(5)}


def test_fields_for_people_not_on_the_panel_are_ignored():
    assert ratings.read_form({"stars.a": "5", "stars.zz": "9", "other": "x"}, ["a"]) == {"a": Entry(5)}


@pytest.mark.parametrize(
    ("form", "problem"),
    [
        ({"stars.a": "0"}, "bad_stars"),
        ({"stars.a": "8"}, "bad_stars"),
        ({"stars.a": "lots"}, "bad_stars"),
        ({"comment.a": "Good"}, "comment_without_stars"),
        ({"stars.a": "4", "comment.a": "x" * 2001}, "comment_too_long"),
    ],
)
def test_a_bad_entry_names_the_candidate_and_why(form, problem):
    with pytest.raises(RatingFormError) as caught:
        ratings.read_form({**form, "stars.b": "5"}, ["a", "b"])
    assert caught.value.problems == {"a": problem}


def test_a_form_with_no_rating_at_all_is_refused():
    with pytest.raises(RatingFormError) as caught:
        ratings.read_form({"stars.a": "", "comment.a": ""}, ["a"])
    assert caught.value.problems == {"": "nothing_rated"}


def test_only_what_differs_from_the_stored_ratings_is_changed():
    stored = {"a": Entry(5, "ok"), "b": Entry(3)}
    submitted = {"a": Entry(5, "ok"), "b": Entry(4), "c": Entry(1)}
    assert ratings.changed(submitted, stored) == {"b": Entry(4), "c": Entry(1)}


def test_a_panel_closes_in_two_weeks_unless_told():
    assert ratings.closing_time(None, NOW) == NOW + timedelta(days=14)
    asked = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)
    assert ratings.closing_time(asked, NOW) == asked


@pytest.mark.parametrize(
    "closes_at",
    [NOW, NOW - timedelta(minutes=1), NOW + timedelta(days=91), datetime(2026, 12, 1, 16, 0)],
    ids=["now", "past", "too far", "no offset"],
)
def test_a_closing_time_must_be_a_future_instant_within_ninety_days(closes_at):
    with pytest.raises(InvalidInputError) as caught:
        ratings.closing_time(closes_at, NOW)
    assert caught.value.errors[0]["field"] == "closes_at"


def test_a_panel_is_open_until_closed_or_its_closing_time():
    closes = NOW + timedelta(days=1)
    assert ratings.is_open(False, closes, NOW)
    assert not ratings.is_open(True, closes, NOW)
    assert not ratings.is_open(False, closes, closes)


def test_a_reviewer_is_on_a_panel_once_whatever_the_case_of_their_address():
    ratings.check_reviewers(["anna@acme.example", "per@acme.example"])
    with pytest.raises(InvalidInputError) as caught:
        ratings.check_reviewers(["anna@acme.example", "per@acme.example", "Anna@ACME.example"])
    assert caught.value.errors == [{"field": "reviewers.2.email", "message": "this reviewer is already on the panel"}]


@pytest.mark.parametrize("status", ["withdrawn", "deleted", "hired"])
def test_who_left_the_process_is_not_sent_to_reviewers(status):
    assert status not in ratings.RATEABLE


def test_a_submission_fits_one_transaction():
    assert 1 + 2 * ratings.MAX_CANDIDATES <= 100
