"""In a Lambda function the garbage collector waits until the first event is answered (chalicelib/coldstart.py)."""

from __future__ import annotations

import gc

import pytest

from chalicelib import coldstart


@pytest.fixture()
def lambda_cold_start(client, monkeypatch):
    """As in a fresh Lambda instance: the collector paused while app.py is imported (the app is imported
    first, by `client`, as the tests' local stage: the environment of a Lambda function would leave out
    the /dev routes for every later test)."""
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "rendezvous-dev")
    coldstart.pause()
    yield
    coldstart.resume()
    gc.unfreeze()
    gc.enable()


def test_outside_lambda_the_collector_is_never_paused(monkeypatch):
    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_NAME", raising=False)
    coldstart.pause()
    assert gc.isenabled()
    assert not coldstart.paused()


def test_the_collector_resumes_once_the_first_request_is_answered_and_keeps_running(lambda_cold_start, api):
    assert not gc.isenabled()
    assert api.get("/health").status == 200
    assert gc.isenabled()
    assert not coldstart.paused()
    assert gc.get_freeze_count() > 0  # what the cold start made is never scanned again
    assert api.get("/health").status == 200
    assert gc.isenabled()


def test_a_failed_first_request_resumes_the_collector_too(lambda_cold_start, api):
    assert api.get("/vacancies").status == 401  # inside Lambda a development token is refused
    assert gc.isenabled()


def test_an_event_that_is_not_an_http_request_gets_the_collector_back_before_it_runs(lambda_cold_start):
    seen = []
    coldstart.after_first_event(object(), lambda event: seen.append(gc.isenabled()))
    assert seen == [True]


def test_the_schedule_runs_through_the_same_middleware(lambda_cold_start, client):
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event", detail={}, resources=[])
    client.lambda_.invoke("enqueue_reminders", event)
    assert gc.isenabled()
    assert not coldstart.paused()
