"""Readiness: does DynamoDB answer this function? One GetItem of a key no organisation can have."""

from __future__ import annotations

from chalicelib.domain.errors import UnavailableError

PROBE_ORG = "-health"  # organisation ids start with a letter or a digit


def ping() -> None:
    """One eventually consistent GetItem (half a read unit); UnavailableError when DynamoDB does not answer."""
    from botocore.exceptions import BotoCoreError
    from pynamodb.exceptions import DoesNotExist, PynamoDBException

    from chalicelib.store.models import Vacancy

    try:
        Vacancy.get(PROBE_ORG, "-")
    except DoesNotExist:
        return
    except (PynamoDBException, BotoCoreError) as exc:
        raise UnavailableError("The database does not answer.") from exc
