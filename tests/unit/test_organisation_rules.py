"""Organisation ids, our ids' shape, sender domains and the budget day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from chalicelib.domain import organisations as rules
from chalicelib.domain.errors import InvalidInputError


@pytest.mark.parametrize("org", ["acme", "a", "acme-nordic", "0rg", "a" * 63])
def test_good_organisation_ids(org):
    assert rules.is_org_id(org)


@pytest.mark.parametrize("org", ["", "Acme", "orgb/apl_x", "acme#x", "-acme", "a" * 64, "acme\n", "acme ", "åse", 7])
def test_organisation_ids_that_could_steer_a_key_are_refused(org):
    assert not rules.is_org_id(org)


@pytest.mark.parametrize("value", ["apl_01M7W2Y7M0B1NS3X3BEBJA7K3Q", "apl_unknown", "doc_2", "int_zeb_"])
def test_our_ids_have_their_shape(value):
    assert rules.is_entity_id(value)


@pytest.mark.parametrize("value", ["x", "apl_", "apl_a/b", "apl_a#b", "apl_a b", "../etc", "APL_1", "apl_" + "x" * 65])
def test_anything_else_is_not_an_id(value):
    assert not rules.is_entity_id(value)
    with pytest.raises(InvalidInputError) as raised:
        rules.check_entity_id("applicant_id", value)
    assert raised.value.errors == [{"field": "applicant_id", "message": "is not an id"}]


def test_a_sender_is_on_exactly_one_of_the_domains():
    domains = ["acme.example"]
    assert rules.on_sender_domains("hr@acme.example", domains)
    assert rules.on_sender_domains("HR@ACME.EXAMPLE", domains)
    assert not rules.on_sender_domains("hr@mail.acme.example", domains)  # another SES identity
    assert not rules.on_sender_domains("hr@acme.example.evil", domains)
    assert not rules.on_sender_domains("acme.example", domains)
    with pytest.raises(InvalidInputError) as raised:
        rules.check_sender("ceo@other.example", domains, "email.from")
    assert raised.value.errors[0]["field"] == "email.from"


def test_budgets_run_per_utc_day():
    oslo = timezone(timedelta(hours=1))
    assert str(rules.budget_day(datetime(2026, 12, 1, 0, 30, tzinfo=oslo))) == "2026-11-30"
    assert rules.seconds_until_next_day(datetime(2026, 12, 1, 23, 59, 30, tzinfo=UTC)) == 30
    assert rules.seconds_until_next_day(datetime(2026, 12, 1, 0, 0, tzinfo=UTC)) == 86400


@pytest.mark.parametrize(("org", "applicant_id"), [("orgb/apl_x", "apl_1"), ("acme", "apl_1/.."), ("acme", "")])
def test_an_s3_prefix_cannot_be_steered_across_organisations(org, applicant_id):
    from chalicelib.domain.documents import applicant_prefix, object_key

    with pytest.raises(ValueError):
        applicant_prefix(org, applicant_id)
    with pytest.raises(ValueError):
        object_key("acme", "apl_1", "doc_1/../../orgb", "cv.pdf")
    assert applicant_prefix("acme", "apl_1") == "acme/apl_1/"
