"""The request budget of bulk actions, measured by scripts/bench_actions.py."""

from __future__ import annotations

import re

from scripts.bench_actions import bench_bulk_action_requests, count_bulk_action


def test_a_bulk_reject_of_a_hundred_applicants_costs_at_most_two_dynamodb_requests_each(aws):
    line = bench_bulk_action_requests()
    figure = float(re.fullmatch(r"bulk action on 100 applicants: ([\d.]+) DynamoDB .* \(goal <= 2\)", line).group(1))
    assert figure <= 2


def test_a_bulk_hire_is_one_batch_read_and_one_transaction_per_applicant(aws):
    counts = count_bulk_action("hire", applicants=20, position="Nurse", department="Care")
    assert counts == {"BatchGetItem": 1, "TransactWriteItems": 20}


def test_a_bulk_purge_is_one_batch_read_and_two_queries_and_a_transaction_per_applicant(aws):
    """A query for the interviews and one for the documents; an applicant with files costs one write more."""
    counts = count_bulk_action("purge", first=("delete",), applicants=20)
    assert counts == {"BatchGetItem": 1, "Query": 40, "TransactWriteItems": 20}
