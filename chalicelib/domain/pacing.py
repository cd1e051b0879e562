"""Sending reminders as fast as SES and SNS allow, and no faster.

The account's send rates are shared by every worker the queue runs at once. The workers take their
send slots from one clock of the account's rate (chalicelib/store/pacing.py), so their sends are
evenly spaced whichever worker makes them; a worker that cannot read that clock paces itself at its
share, rate / concurrency, with a token bucket of its own. A send SES or SNS throttles anyway waits
about one slot of the *account's* rate and goes again, without taking a new slot. Throttling never
counts as a failure of the reminder; a definite error (SES or SNS answered, and did not send)
counts, and five of them fail the reminder.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

MAX_ERRORS = 5  # definite send errors before a reminder is failed; throttling never counts

THROTTLING_CODES = frozenset(
    {
        "Throttling",  # SES (v1 and the raw SendEmail of v2) and SNS
        "ThrottlingException",
        "TooManyRequestsException",  # SES v2
        "MaxSendRateExceeded",
        "Throttled",  # SNS SMS
        "ThrottledException",
        "RequestLimitExceeded",
    }
)


def is_throttling(code: str, message: str = "") -> bool:
    return code in THROTTLING_CODES or "sending rate exceeded" in message.lower()


def per_worker_rate(account_rate: float, concurrency: int) -> float:
    """The share of the account's rate one of `concurrency` workers may use."""
    return max(account_rate, 0.001) / max(concurrency, 1)


def refill_wait(attempt: int, account_rate: float, cap: float = 4.0, rng: random.Random | None = None) -> float:
    """How long a throttled send waits before it tries again: about one slot of the account's rate
    (half to one and a half of it, so two workers that collided do not collide again), doubling while
    the throttling goes on (then the account is busier than our own pace explains), at most `cap`."""
    slot = min(cap, 2**attempt / max(account_rate, 0.001))
    return (rng or random).uniform(0.5 * slot, min(cap, 1.5 * slot))


def jittered(attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Full jitter (AWS's advice): a random wait up to base * 2^attempt, at most `cap`."""
    return (rng or random).uniform(0, min(cap, base * 2**attempt))


class TokenBucket:
    """At most `rate` acquisitions a second on average, `burst` at once; thread-safe.

    `acquire()` reserves the next free slot and sleeps until it comes, so callers in several
    threads are spaced evenly instead of waking together.
    """

    def __init__(
        self,
        rate: float,
        burst: int = 1,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 1.0 / rate
        self.burst = max(burst, 1)
        self.clock = clock
        self.sleep = sleep
        self._next = clock() - (self.burst - 1) * self.interval  # a full burst is available at first
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Take the next slot; how long to wait for it."""
        with self._lock:
            now = self.clock()
            slot = max(self._next, now - (self.burst - 1) * self.interval)
            self._next = slot + self.interval
            return max(0.0, slot - now)

    def acquire(self) -> None:
        wait = self.reserve()
        if wait > 0:
            self.sleep(wait)
