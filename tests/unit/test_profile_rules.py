"""The applicant's own profile access: who gets a link, what a correction changes, where a deletion request leads."""

from __future__ import annotations

import pytest

from chalicelib.domain import pipeline, profiles


@pytest.mark.parametrize("status", ["received", "invited", "saved", "offer_received", "rejected", "withdrawn"])
def test_a_deletion_request_deletes_like_the_recruiters_delete(status):
    assert profiles.after_deletion_request(status) == "deleted" == pipeline.next_status(status, "delete")


@pytest.mark.parametrize("status", ["hired", "deleted"])
def test_where_delete_is_not_allowed_the_request_leaves_the_status(status):
    assert profiles.after_deletion_request(status) == status


def test_a_deleted_application_gets_no_link():
    assert not profiles.can_receive_access("deleted")
    assert all(profiles.can_receive_access(status) for status in pipeline.STATUSES if status != "deleted")


def test_a_correction_is_only_what_differs():
    stored = {"first_name": "Kari", "last_name": "Nordmann", "email": "kari@example.com", "mobile": None}
    submitted = {**stored, "last_name": "Hansen", "mobile": "", "language": None}
    assert profiles.corrections({**stored, "language": None}, submitted) == {"last_name": "Hansen"}


def test_an_emptied_mobile_number_is_removed():
    stored = {"first_name": "Kari", "mobile": "+4791234567"}
    assert profiles.corrections(stored, {"first_name": "Kari", "mobile": None}) == {"mobile": None}


def test_the_link_lives_thirty_days():
    assert profiles.ACCESS_VALIDITY.days == 30
