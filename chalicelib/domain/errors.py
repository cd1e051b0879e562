"""Domain failures. The api layer maps each to one problem+json status."""

from __future__ import annotations


class RendezvousError(Exception):
    """Base of every failure a client can cause."""

    status = 400
    title = "Bad request"

    def __init__(self, detail: str, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []


class MalformedRequestError(RendezvousError):
    status = 400
    title = "Malformed request"


class UnauthorizedError(RendezvousError):
    status = 401
    title = "Unauthorized"


class ForbiddenError(RendezvousError):
    status = 403
    title = "Forbidden"


class NotFoundError(RendezvousError):
    status = 404
    title = "Not found"


class NotAcceptableError(RendezvousError):
    """The route answers a file type the client did not ask for (API Gateway needs Accept to send bytes)."""

    status = 406
    title = "Not acceptable"


class ConflictError(RendezvousError):
    status = 409
    title = "Conflict"


class GoneError(RendezvousError):
    status = 410
    title = "Gone"


class InvalidInputError(RendezvousError):
    """Well-formed but invalid: each bad field is named in `errors`."""

    status = 422
    title = "Validation failed"

    @classmethod
    def field(cls, field: str, message: str) -> InvalidInputError:
        return cls(f"{field}: {message}", [{"field": field, "message": message}])


class InvalidTransitionError(RendezvousError):
    """The action makes no sense from the applicant's current status (see domain.pipeline)."""

    status = 409
    title = "Invalid transition"


class UnavailableError(RendezvousError):
    """The store failed for a reason that is not the client's (throttling, a timeout): try again."""

    status = 503
    title = "Service unavailable"


class TooManyRequestsError(RendezvousError):
    """A budget or a rate is used up: `retry_after` seconds from now it is not (the Retry-After header)."""

    status = 429
    title = "Too many requests"

    def __init__(self, detail: str, retry_after: int, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail, errors)
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}
