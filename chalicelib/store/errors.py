"""The one translator from DynamoDB's failures to ours.

PynamoDB wraps every failure in a `PynamoDBException` whose `cause_response_code` is
DynamoDB's error code and, for a cancelled transaction, whose `cancellation_reasons`
say per item (in the order the request sent them) why. Three things matter to us:
- a condition that no longer held (someone else's change won the race): `ConflictError`;
- throttling, a transaction in progress, a failure on AWS's side: `UnavailableError`
  (503: the client may simply try again); so is anything else the store refused, which
  is never the client's doing (the cause stays chained for the logs).
Nobody looks at `str(exc)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.errors import ConflictError, UnavailableError

CONDITION_FAILED = "ConditionalCheckFailedException"
TRANSACTION_CANCELLED = "TransactionCanceledException"
# Reasons of a cancelled transaction's items that mean "lost a race", not "the store failed".
CONDITION_REASONS = ("ConditionalCheckFailed", "TransactionConflict")
TRY_AGAIN = (
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "TransactionInProgressException",
    "InternalServerError",
    "ServiceUnavailable",
)
TRY_AGAIN_REASONS = ("ProvisionedThroughputExceeded", "ThrottlingError", "TransactionConflict", "RequestLimitExceeded")


@dataclass(frozen=True)
class StoreFailure:
    """What went wrong with a write, in our words."""

    code: str | None
    failed_items: tuple[int, ...] = ()  # positions, in a cancelled transaction, whose condition failed
    reasons: tuple[str | None, ...] = ()  # every item's cancellation reason code (None: that item was fine)

    @property
    def lost_race(self) -> bool:
        """A conditional write, or a transaction, that someone else's change made fail."""
        return self.code == CONDITION_FAILED or (self.code == TRANSACTION_CANCELLED and bool(self.failed_items))

    @property
    def try_again(self) -> bool:
        if self.code in TRY_AGAIN:
            return True
        return self.code == TRANSACTION_CANCELLED and any(reason in TRY_AGAIN_REASONS for reason in self.reasons)


def failure(exc: BaseException) -> StoreFailure:
    code = getattr(exc, "cause_response_code", None)
    reasons = tuple(
        None if reason is None else reason.code for reason in (getattr(exc, "cancellation_reasons", None) or [])
    )
    failed = tuple(index for index, reason in enumerate(reasons) if reason in CONDITION_REASONS)
    return StoreFailure(code=code, failed_items=failed, reasons=reasons)


def failed_positions(exc: BaseException) -> list[int]:
    """Which items of a cancelled transaction failed their condition, by position."""
    return list(failure(exc).failed_items)


def lost_race(exc: BaseException) -> bool:
    return failure(exc).lost_race


def translate(exc: BaseException, conflict: str, unavailable: str) -> ConflictError | UnavailableError:
    """Our error for a store failure: 409 for a lost race, else 503."""
    return ConflictError(conflict) if failure(exc).lost_race else UnavailableError(unavailable)


@contextmanager
def translated(
    what: str,
    conflict: str | None = None,
    unavailable: str | None = None,
) -> Iterator[None]:
    """Run a write; its failure leaves as ConflictError or UnavailableError naming `what`."""
    from pynamodb.exceptions import PynamoDBException

    try:
        yield
    except PynamoDBException as exc:
        raise translate(
            exc,
            conflict or f"The {what} was changed by someone else meanwhile; reload and try again.",
            unavailable or f"The {what} could not be changed just now; try again.",
        ) from exc


@contextmanager
def unless_condition_failed() -> Iterator[list[Any]]:
    """Run a write whose failed condition means "nothing to do" (an item already gone); anything else raises.

    The list it yields gets one entry when the condition failed, so the caller can tell.
    """
    from pynamodb.exceptions import PynamoDBException

    outcome: list[Any] = []
    try:
        yield outcome
    except PynamoDBException as exc:
        if not failure(exc).lost_race:
            raise
        outcome.append(exc)
