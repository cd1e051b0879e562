"""The route helper: one place that parses, authenticates, answers and maps errors to problem+json.

It is imported by `app.py` at cold start, so it must stay light: pydantic, the
models and the services are imported on first use.
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from chalice import Chalice, Response

from chalicelib import coldstart, config, observability
from chalicelib.api import cors
from chalicelib.domain.errors import MalformedRequestError, RendezvousError, UnauthorizedError
from chalicelib.domain.outputs import File

log = logging.getLogger("rendezvous")

PROBLEM_JSON = "application/problem+json"
HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
NOW_HEADER = "x-rendezvous-now"
USER_POOL_ARN_PLACEHOLDER = "arn:aws:cognito-idp:region:account:userpool/the-stack-s-user-pool"


@dataclass
class Operation:
    """What the OpenAPI description says of a route."""

    path: str
    method: str
    name: str
    summary: str
    body: str | None = None
    query: str | None = None
    response: str | None = None
    status: int = 200
    public: bool = False
    html: bool = False
    tags: list[str] = field(default_factory=list)
    form: str | None = None  # the model describing an HTML form's fields (OpenAPI only)
    error_page: Callable[[Request, Exception], Any] | None = field(default=None, repr=False)
    binary: str | None = None  # the media type of a file answer, e.g. application/pdf
    text: str | None = None  # the media type of a text answer that is neither JSON nor HTML, e.g. text/calendar
    body_required: bool = True  # False where the body only carries options (a DELETE may come without one)
    hidden: bool = False  # served, but not part of /openapi.json (the reference's own page and files)
    idempotent: bool = False  # takes an Idempotency-Key: a POST that sends or creates something
    description: str = ""  # the handler's docstring after its first line


@dataclass
class Html:
    body: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Text:
    """A text answer of another media type than JSON or HTML (a calendar feed), whatever the Accept."""

    body: str
    content_type: str


class Request:
    """One call: the caller, the instant it arrived, and its validated input."""

    def __init__(self, raw: Any, operation: Operation) -> None:
        self.raw = raw
        self.operation = operation
        self._recruiter = None
        self.now = request_instant(raw)

    @property
    def recruiter(self) -> Any:
        if self._recruiter is None:
            from chalicelib.api import auth

            if config.auth_mode() == "cognito":
                self._recruiter = auth.recruiter_from_authorizer(getattr(self.raw, "context", None), self.now)
            else:
                self._recruiter = auth.recruiter_from_header(_header(self.raw, "authorization"), self.now)
        return self._recruiter

    def header(self, name: str) -> str | None:
        return _header(self.raw, name.lower())

    def json(self) -> Any:
        raw_body = self.raw.raw_body or b""
        if not raw_body.strip():
            raise MalformedRequestError("The request needs a JSON object body.")
        try:
            return json.loads(raw_body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise MalformedRequestError(f"The body is not valid JSON: {exc}.") from exc
        except RecursionError as exc:
            raise MalformedRequestError("The body is nested too deeply.") from exc

    @property
    def body(self) -> Any:
        """The body, validated against the route's declared model."""
        data = self.json()
        if not isinstance(data, dict):
            raise MalformedRequestError("The body must be a JSON object.")
        return validate(self.operation.body, data)

    @property
    def body_or_none(self) -> Any:
        """The validated body where one is optional (a DELETE may carry options or nothing)."""
        return self.body if (self.raw.raw_body or b"").strip() else None

    @property
    def query(self) -> Any:
        params = dict(self.raw.query_params or {})
        return validate(self.operation.query, params, location="query")

    def form(self) -> dict[str, str]:
        """A URL-encoded or multipart form (what browsers send), or the same fields as a JSON object."""
        from urllib.parse import parse_qs

        header = _header(self.raw, "content-type") or ""
        content_type = header.lower()
        if content_type.startswith("application/json"):
            data = self.json()
            if not isinstance(data, dict):
                raise MalformedRequestError("The body must be a JSON object.")
            fields = {str(key): "" if value is None else str(value) for key, value in data.items()}
            try:
                for text in (*fields, *fields.values()):
                    text.encode("utf-8")  # JSON escapes can spell lone surrogates, which no store takes
            except UnicodeEncodeError:
                raise MalformedRequestError("The form holds text that is not valid Unicode.") from None
            return fields
        if content_type.startswith("multipart/form-data"):
            return _multipart(header, self.raw.raw_body or b"")  # the boundary is case-sensitive
        try:
            parsed = parse_qs((self.raw.raw_body or b"").decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError as exc:
            raise MalformedRequestError("The form is not UTF-8.") from exc
        return {key: values[-1] for key, values in parsed.items()}


def _multipart(content_type: str, body: bytes) -> dict[str, str]:
    """The text fields of a multipart form (files have no place in these forms)."""
    from email import policy
    from email.parser import BytesParser

    message = BytesParser(policy=policy.default).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        raise MalformedRequestError("The multipart form could not be read.")
    fields = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name and not part.get_filename():
            try:
                fields[str(name)] = part.get_content() if part.get_content_maintype() == "text" else ""
            except (LookupError, UnicodeDecodeError) as exc:
                raise MalformedRequestError("The multipart form is not UTF-8.") from exc
    return fields


def validate(model_name: str | None, data: Any, location: str = "body") -> Any:
    """Validate input with a model of chalicelib.contract, naming each bad field."""
    from pydantic import ValidationError

    from chalicelib import contract
    from chalicelib.domain.errors import InvalidInputError

    if model_name is None:
        return data
    model = getattr(contract, model_name)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = []
        for error in exc.errors(include_url=False):
            path = ".".join(str(part) for part in error["loc"]) or location
            message = error["msg"]
            if error["type"] == "extra_forbidden":
                message = "unknown field"
            elif error["type"] == "string_pattern_mismatch":
                message = "must be a single line without control characters"
            errors.append({"field": path, "message": message})
        fields = ", ".join(sorted({error["field"] for error in errors}))
        raise InvalidInputError(f"Invalid {location}: {fields}.", errors) from exc


def request_instant(raw: Any) -> datetime:
    """'Now' for this request: API Gateway's request time; the local stage may pin it with a header."""
    if config.dev_mode():
        pinned = _header(raw, NOW_HEADER)
        if pinned:
            try:
                value = datetime.fromisoformat(pinned.replace("Z", "+00:00"))
            except ValueError as exc:
                raise MalformedRequestError(f"{NOW_HEADER} is not an ISO instant.") from exc
            if value.tzinfo is None:
                raise MalformedRequestError(f"{NOW_HEADER} needs an offset.")
            return value.astimezone(UTC)
    context = getattr(raw, "context", None) or {}
    epoch_ms = context.get("requestTimeEpoch")
    if epoch_ms:
        return datetime.fromtimestamp(int(epoch_ms) / 1000, tz=UTC)
    return datetime.now(UTC)


def _header(raw: Any, name: str) -> str | None:
    headers = getattr(raw, "headers", None) or {}
    return headers.get(name)


def check_path_ids(operation: Operation, params: dict[str, Any]) -> None:
    """Every id in a path has our ids' shape before it reaches a key (no separator can steer one).
    The local stage's /dev routes name other things (the outbox's message ids) and reach no key."""
    from chalicelib.domain.organisations import check_entity_id

    if operation.path.startswith("/dev/"):
        return
    for name, value in params.items():
        if name.endswith("_id"):
            check_entity_id(name, value)


def _check_accept(request: Request, media_type: str) -> None:
    """API Gateway sends a binary answer as bytes only when Accept names its type; else it would send base64 text."""
    from chalicelib.domain.errors import NotAcceptableError

    accept = request.header("accept") or ""
    if media_type not in [part.split(";")[0].strip().lower() for part in accept.split(",")]:
        raise NotAcceptableError(f"This route answers {media_type}; send the header Accept: {media_type}.")


def problem(status: int, title: str, detail: str, errors: list[dict[str, str]] | None = None) -> Response:
    body = {
        "type": "about:blank" if status == 500 else f"https://rendezvous.example/problems/{status}",
        "title": title,
        "status": status,
        "detail": detail,
        "errors": errors or [],
    }
    return Response(
        body=json.dumps(body),
        status_code=status,
        headers={"Content-Type": PROBLEM_JSON, "Cache-Control": "no-store"},
    )


def public_page_headers(nonce: str) -> dict[str, str]:
    """What every public page gets: no caching (personal data), no referrer (the token is in the URL),
    no framing, and a Content-Security-Policy that only lets in the page's own nonce'd styles."""
    return {
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Content-Security-Policy": (
            f"default-src 'none'; style-src 'nonce-{nonce}'; form-action 'self'; base-uri 'none'; "
            "frame-ancestors 'none'"
        ),
    }


def render_public_page(page: Any) -> Html:
    """A service's `Page`: its template with the wording of its section, a fresh nonce, the headers."""
    import secrets

    from chalicelib.templating import render_page, texts

    nonce = secrets.token_urlsafe(16)
    language = page.language
    body = render_page(page.template, t=texts(language)[page.section], language=language, nonce=nonce, **page.context)
    return Html(body, status=page.status, headers={**public_page_headers(nonce), **page.headers})


def to_response(result: Any, status: int) -> Response:
    if isinstance(result, Response):
        return result
    if type(result).__module__ == "chalicelib.services.pages":  # a public Page, rendered here
        result = render_public_page(result)
    if isinstance(result, Html):
        headers = {"Content-Type": "text/html; charset=utf-8", **result.headers}
        return Response(body=result.body, status_code=result.status, headers=headers)
    if isinstance(result, File):
        headers = {"Content-Type": result.content_type, "Cache-Control": "no-store"}
        if result.disposition:
            headers["Content-Disposition"] = result.disposition
        return Response(body=result.body, status_code=status, headers=headers)
    if isinstance(result, Text):
        headers = {"Content-Type": result.content_type, "Cache-Control": "no-store"}
        return Response(body=result.body, status_code=status, headers=headers)
    if result is None and status == 204:
        return Response(body="", status_code=204, headers={})
    if hasattr(result, "model_dump"):
        result = result.model_dump(mode="json")
    body = json.dumps(result, ensure_ascii=False, default=str)
    # Answers carry applicants' personal data: no browser or proxy keeps a copy.
    return Response(
        body=body, status_code=status, headers={"Content-Type": "application/json", "Cache-Control": "no-store"}
    )


FORM = ["*/*"]  # what a page's POST takes: a browser's form, either encoding, or JSON; anything else is a 400 page


class Routes:
    """One area's routes (chalicelib/api/routes/), kept until app.py includes them in the Api: a module
    declares its routes with `@routes.route(...)`, exactly as with `Api.route`, without needing the app."""

    def __init__(self) -> None:
        self.declared: list[tuple[str, str, dict[str, Any], Callable[..., Any]]] = []

    def route(
        self, path: str, method: str = "GET", **options: Any
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def decorator(handler: Callable[..., Any]) -> Callable[..., Any]:
            self.declared.append((path, method, options, handler))
            return handler

        return decorator


class Api:
    """Registers Chalice routes with one error mapping and records them for the OpenAPI document."""

    def __init__(self, app: Chalice) -> None:
        self.app = app
        self.operations: list[Operation] = []
        self.html_error_renderer: Callable[[Request, Exception], Any] | None = None
        self.html_unexpected_renderer: Callable[[str | None], Any] | None = None  # takes Accept-Language
        self._preflight_paths: set[str] = set()
        # In Lambda the garbage collector waits until the first event is answered (chalicelib/coldstart.py).
        coldstart.pause()
        app.register_middleware(coldstart.after_first_event, "all")
        # Deployed, API Gateway verifies recruiters' ID tokens before the function runs (chalicelib.api.auth).
        self.authorizer: Any = None
        if config.auth_mode() == "cognito":
            from chalice import CognitoUserPoolAuthorizer

            from chalicelib.api.auth import AUTHORIZER_NAME

            # The pool's ARN is the stack's own (scripts/bundle.py puts it into the template).
            self.authorizer = CognitoUserPoolAuthorizer(AUTHORIZER_NAME, provider_arns=[USER_POOL_ARN_PLACEHOLDER])

    def include(self, routes: Routes) -> None:
        """Register an area's routes, in the order it declared them."""
        for path, method, options, handler in routes.declared:
            self.route(path, method, **options)(handler)

    def route(
        self,
        path: str,
        method: str = "GET",
        *,
        body: str | None = None,
        query: str | None = None,
        response: str | None = None,
        status: int = 200,
        public: bool = False,
        html: bool = False,
        tags: tuple[str, ...] = (),
        content_types: list[str] | None = None,
        form: str | None = None,
        error_page: Callable[[Request, Exception], Any] | None = None,
        binary: str | None = None,
        text: str | None = None,
        body_required: bool = True,
        hidden: bool = False,
        idempotent: bool = False,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        from chalicelib.contract import INDEX  # names only: the models themselves load on first use

        unknown = [name for name in (body, query, response, form) if name and name not in INDEX]
        if unknown:  # a misspelt model fails at import, not on the route's first request
            raise LookupError(f"{method} {path}: no model named {unknown} in chalicelib.contract")

        def decorator(handler: Callable[..., Any]) -> Callable[..., Any]:
            operation = Operation(
                path=path,
                method=method,
                name=handler.__name__,
                summary=(handler.__doc__ or handler.__name__).strip().splitlines()[0],
                description=inspect.cleandoc(handler.__doc__ or "").partition("\n")[2].strip(),
                body=body,
                query=query,
                response=response,
                status=status,
                public=public,
                html=html,
                tags=list(tags),
                form=form,
                error_page=error_page,
                binary=binary,
                text=text,
                body_required=body_required,
                hidden=hidden,
                idempotent=idempotent,
            )
            self.operations.append(operation)
            if binary and binary not in self.app.api.binary_types:
                self.app.api.binary_types.append(binary)  # else Chalice sends the bytes as text

            @functools.wraps(handler)
            def view(**params: Any) -> Response:
                return self.dispatch(operation, handler, params)

            kwargs: dict[str, Any] = {"methods": [method], "name": handler.__name__}
            if not public and self.authorizer is not None:
                kwargs["authorizer"] = self.authorizer
            if content_types:
                kwargs["content_types"] = content_types
            elif method in ("POST", "PUT", "PATCH", "DELETE"):
                # Any declared type: the body is read as JSON, and a body that is not JSON is a
                # 400 problem naming why (a client that forgot the header still gets a clear answer).
                kwargs["content_types"] = ["*/*"]
            self.app.route(path, **kwargs)(view)
            if config.dev_mode() and path not in self._preflight_paths:
                self._answer_preflight(path)
            return handler

        return decorator

    def refuse_other_methods(self) -> None:
        """Every route's path answers the methods it lacks with 405 problem+json and an `Allow` header.

        Registered as real routes, so that API Gateway sends them to the function too (it would
        otherwise answer 403 "Missing Authentication Token"); OPTIONS stays free for CORS preflights.
        Call once, after every route is registered.
        """
        allowed: dict[str, list[str]] = {}
        for operation in self.operations:
            allowed.setdefault(operation.path, []).append(operation.method)
        for path, methods in allowed.items():
            missing = [method for method in HTTP_METHODS if method not in methods]
            if not missing:
                continue
            refusal = Operation(path=path, method=",".join(missing), name="method_not_allowed", summary="", public=True)
            allow = ", ".join(sorted(methods))

            def view(_refusal: Operation = refusal, _allow: str = allow, **params: Any) -> Response:
                return self.dispatch(_refusal, functools.partial(_method_not_allowed, allow=_allow), {})

            self.app.route(
                path, methods=missing, name="not_allowed" + re.sub(r"\W+", "_", path), content_types=["*/*"]
            )(view)

    def _answer_preflight(self, path: str) -> None:
        """Locally the app answers CORS preflights; in AWS API Gateway does (see scripts/bundle.py)."""
        self._preflight_paths.add(path)

        def preflight(**params: Any) -> Response:
            raw = self.app.current_request
            headers: dict[str, str] = {}
            methods = [op.method for op in self.operations if op.path == path]
            cors.preflight(_header(raw, "origin"), methods, headers)
            return Response(body="", status_code=204, headers=headers)

        name = "preflight_" + "_".join(part.strip("{}") for part in path.split("/") if part) or "preflight_root"
        self.app.route(path, methods=["OPTIONS"], name=name)(preflight)

    def dispatch(self, operation: Operation, handler: Callable[..., Any], params: dict[str, Any]) -> Response:
        raw = self.app.current_request
        context = getattr(raw, "context", None) or {}
        correlation_id = observability.correlation_id(_header(raw, "x-correlation-id"), context.get("requestId"))
        started = time.perf_counter()
        request: Request | None = None
        with observability.invocation(correlation_id=correlation_id):
            try:
                request = Request(raw, operation)
                if not operation.public:
                    request.recruiter  # authenticate before anything else  # noqa: B018
                if operation.binary:
                    _check_accept(request, operation.binary)
                check_path_ids(operation, params)
                key = request.header("idempotency-key") if operation.idempotent else None
                if key is None:
                    response = to_response(handler(request, **params), operation.status)
                else:
                    response = self._once(operation, request, params, key, handler, correlation_id)
            except RendezvousError as exc:
                response = self._failure(operation, request, exc)
            except Exception:
                response = self._crash(operation, raw, correlation_id)
            response.headers["X-Correlation-Id"] = correlation_id
            cors.apply(_header(raw, "origin"), response.headers)
            if response.status_code == 401:
                response.headers["WWW-Authenticate"] = 'Bearer realm="rendezvous"'
            log_request(raw.method, operation, request, response.status_code, started)
        return response

    def _failure(self, operation: Operation, request: Request | None, exc: RendezvousError) -> Response:
        renderer = operation.error_page or self.html_error_renderer
        if operation.html and renderer and request is not None:
            response = to_response(renderer(request, exc), exc.status)
        else:
            response = problem(exc.status, exc.title, exc.detail, exc.errors)
        response.headers.update(getattr(exc, "headers", None) or {})  # e.g. Retry-After on a 429
        return response

    def _crash(self, operation: Operation, raw: Any, correlation_id: str) -> Response:
        log.exception("unhandled error", extra={"route": operation.path, "method": operation.method})
        response = problem(
            500, "Internal error", f"Something went wrong on our side (correlation id {correlation_id})."
        )
        if operation.html and self.html_unexpected_renderer is not None:
            # A person's browser: a page in their language with the pages' security headers.
            try:
                response = to_response(self.html_unexpected_renderer(_header(raw, "accept-language")), 500)
            except Exception:
                log.exception("the error page failed", extra={"route": operation.path})
        return response

    def _once(
        self,
        operation: Operation,
        request: Request,
        params: dict[str, Any],
        key_header: str,
        handler: Callable[..., Any],
        correlation_id: str,
    ) -> Response:
        """Under an Idempotency-Key the handler runs at most once; a repeat gets the first answer again."""
        from chalicelib.store import idempotency

        def answer() -> idempotency.Answer:
            try:
                response = to_response(handler(request, **params), operation.status)
            except RendezvousError as exc:
                response = self._failure(operation, request, exc)
            except Exception:
                response = self._crash(operation, request.raw, correlation_id)
            body = response.body if isinstance(response.body, str) else json.dumps(response.body)
            return idempotency.Answer(response.status_code, dict(response.headers), body)

        key = idempotency.parse_key(key_header)
        target = f"{operation.path} {json.dumps(params, sort_keys=True)}"
        raw_body = request.raw.raw_body or b""
        context = getattr(self.app, "lambda_context", None)
        result = idempotency.once(request.recruiter.org, operation.method, target, key, raw_body, answer, context)
        headers = dict(result.headers)
        if result.replayed:
            headers["Idempotent-Replayed"] = "true"
        return Response(body=result.body, status_code=result.status, headers=headers)


def _method_not_allowed(request: Request, allow: str) -> Response:
    response = problem(405, "Method not allowed", f"This path answers {allow}.")
    response.headers["Allow"] = allow
    return response


def log_request(method: str, operation: Operation, request: Request | None, status: int, started: float) -> None:
    """One line per request: the route template (never the raw path, which may hold a token), no personal data."""
    recruiter = request._recruiter if request is not None else None
    log.log(
        logging.ERROR if status >= 500 else logging.INFO,
        "request",
        extra={
            "method": method,
            "route": operation.path,
            "status": status,
            "latency_ms": observability.elapsed_ms(started),
            "org": getattr(recruiter, "org", None),
            "user": getattr(recruiter, "user_id", None),
        },
    )


__all__ = [
    "Api",
    "File",
    "Html",
    "Operation",
    "Request",
    "Routes",
    "UnauthorizedError",
    "problem",
    "to_response",
    "validate",
]
