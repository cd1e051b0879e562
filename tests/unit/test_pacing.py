"""Pacing reminders to the account's send rate: the token bucket and what counts as throttling."""

from __future__ import annotations

import random

import pytest

from chalicelib.domain.pacing import TokenBucket, is_throttling, jittered, per_worker_rate, refill_wait


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_a_bucket_spaces_acquisitions_at_its_rate():
    clock = FakeClock()
    bucket = TokenBucket(rate=20, clock=clock, sleep=clock.sleep)
    for _ in range(100):
        bucket.acquire()
    assert clock.now - 100.0 == pytest.approx(99 / 20)


def test_a_bucket_lets_a_burst_through_then_paces():
    clock = FakeClock()
    clock.now += 10  # idle for a while: the burst is available
    bucket = TokenBucket(rate=10, burst=5, clock=clock, sleep=clock.sleep)
    waits = [bucket.reserve() for _ in range(7)]
    assert waits[:5] == [0.0] * 5
    assert waits[5] == pytest.approx(0.1) and waits[6] == pytest.approx(0.2)


def test_idle_time_does_not_bank_more_than_the_burst():
    clock = FakeClock()
    bucket = TokenBucket(rate=10, burst=2, clock=clock, sleep=clock.sleep)
    clock.now += 3600
    assert [bucket.reserve() for _ in range(3)] == [0.0, 0.0, pytest.approx(0.1)]


@pytest.mark.parametrize(
    ("code", "message", "throttled"),
    [
        ("Throttling", "Maximum sending rate exceeded.", True),
        ("TooManyRequestsException", "", True),
        ("Throttled", "", True),
        ("MessageRejected", "Email address is not verified.", False),
        ("InternalFailure", "", False),
        ("SomethingElse", "Maximum sending rate exceeded", True),
    ],
)
def test_what_counts_as_throttling(code, message, throttled):
    assert is_throttling(code, message) is throttled


def test_each_worker_takes_its_share_of_the_account_rate():
    assert per_worker_rate(14, 2) == 7
    assert per_worker_rate(200, 20) == 10


def test_jitter_stays_under_the_growing_cap():
    rng = random.Random(7)
    waits = [jittered(attempt, base=0.5, cap=8, rng=rng) for attempt in range(10)]
    assert all(0 <= wait <= min(8, 0.5 * 2**attempt) for attempt, wait in enumerate(waits))


def test_a_throttled_send_waits_about_one_slot_of_the_account_s_rate_and_then_longer():
    rng = random.Random(3)
    first = [refill_wait(0, account_rate=20, rng=rng) for _ in range(200)]
    assert all(0.025 <= wait <= 0.075 for wait in first)  # half to one and a half of 1/20 s
    assert len({round(wait, 4) for wait in first}) > 100  # jittered: two colliding workers part
    assert all(0.1 <= refill_wait(2, account_rate=20, rng=rng) <= 0.3 for _ in range(50))
    assert all(refill_wait(attempt, account_rate=20, cap=4, rng=rng) <= 4 for attempt in range(20))
