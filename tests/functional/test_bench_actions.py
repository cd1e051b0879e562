"""The request budget of bulk actions: one batch read, then one write per applicant."""

from __future__ import annotations

import pytest

from tests.support import applicant, vacancy


@pytest.fixture()
def applicants(api):
    job = vacancy(api)
    return [applicant(api, job["id"], f"Person{n}", "Test")["id"] for n in range(20)]


def act(api, body):
    response = api.post("/applicants/actions", body)
    assert response.status == 200, response
    assert all(result["ok"] for result in response.json["results"]), response
    return response


def test_a_bulk_reject_is_one_batch_read_and_one_write_per_applicant(api, applicants, dynamodb_calls):
    """The write is a transaction: the applicant and their history event, both or neither. The organisation's
    retention policy is read once (the new retention date goes with the status)."""
    with dynamodb_calls.record() as calls:
        act(api, {"action": "reject", "applicant_ids": applicants, "rejection_type": "position_filled"})
    assert calls.by_operation == {"BatchGetItem": 1, "GetItem": 1, "TransactWriteItems": 20}


def test_a_bulk_hire_is_one_batch_read_and_one_transaction_per_applicant(api, applicants, dynamodb_calls):
    with dynamodb_calls.record() as calls:
        act(api, {"action": "hire", "applicant_ids": applicants, "position": "Nurse", "department": "Care"})
    assert calls.by_operation == {"BatchGetItem": 1, "TransactWriteItems": 20}


def test_a_bulk_purge_is_one_batch_read_five_queries_a_batch_and_a_transaction_per_applicant(
    api, applicants, dynamodb_calls
):
    """A query each for the history, the interviews, the interview offers, the documents and the delivery records
    of their messages, the history deleted in batches of 25 (one here: two events); an applicant with files costs
    one write more."""
    act(api, {"action": "delete", "applicant_ids": applicants})
    with dynamodb_calls.record() as calls:
        act(api, {"action": "purge", "applicant_ids": applicants})
    assert calls.by_operation == {"BatchGetItem": 1, "Query": 100, "BatchWriteItem": 20, "TransactWriteItems": 20}
