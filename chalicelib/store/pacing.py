"""The account's clock of send slots: what lets every reminder worker share SES's and SNS's rate.

Each Lambda instance is a process of its own, so the workers cannot share a token bucket in memory.
They share one item instead: a send takes the next free slot of the account's clock with one
atomic UpdateItem (`ADD next_slot interval`: no read, no lost update, no retry when two race), and
waits until it comes. Slots are spaced one interval of the account's rate apart, whichever worker
takes them, so workers do not collide (SES throttling) and a worker that is busy or idle leaves its
slots to the others instead of losing them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.domain.errors import UnavailableError
from chalicelib.store.errors import failure
from chalicelib.store.models import SendPace

ACCOUNT = "#account"  # not an organisation id (they are [a-z0-9-]), so no tenant can reach it
KEPT = timedelta(days=2)  # an idle channel's clock is swept by the table's TTL


def take_slot(channel: str, interval: float, now: float) -> float:
    """Take the next free slot of the account's clock for `channel`; when it falls (epoch seconds, never
    before `now`). `interval` is 1 / the account's rate. A clock left behind (nobody sent for a while)
    restarts at `now`, so past slots are never handed out as a burst."""
    from pynamodb.exceptions import PynamoDBException

    expires = datetime.fromtimestamp(now, UTC) + KEPT
    for _attempt in range(4):
        item = SendPace(ACCOUNT, f"pace#{channel}")
        try:
            item.update(
                actions=[SendPace.next_slot.add(interval), SendPace.expires_at.set(expires)],
                condition=SendPace.next_slot >= now,
            )
            return float(item.next_slot) - interval
        except PynamoDBException as exc:
            if not failure(exc).lost_race:
                raise UnavailableError("The send rate's clock could not be read just now.") from exc
        try:  # the clock is behind (or new): it restarts at now, unless another worker just did that
            item.update(
                actions=[SendPace.next_slot.set(now + interval), SendPace.expires_at.set(expires)],
                condition=SendPace.next_slot.does_not_exist() | (SendPace.next_slot < now),
            )
            return now
        except PynamoDBException as exc:
            if not failure(exc).lost_race:
                raise UnavailableError("The send rate's clock could not be read just now.") from exc
    raise UnavailableError("The send rate's clock kept changing.")
