"""`chalice local` and the Chalice test client, answering an unknown path as our API Gateway does.

Chalice's local gateway mimics API Gateway's default for a path no route matches: 403
`{"message": "Missing Authentication Token"}`, which misleads every newcomer. infra/resources.yml
replaces that gateway response in AWS with a 404 problem+json; `answer_unknown_paths_with_404()`
makes the local gateway answer the same. Unknown methods on a known path are 405s from the
function itself (chalicelib.api.web.Api.refuse_other_methods), locally and in AWS alike.

scripts/chalice_local.py (how `make run` starts `chalice local`) and tests/conftest.py apply it.
"""

from __future__ import annotations

import json

NOT_FOUND = {
    "type": "https://rendezvous.example/problems/404",
    "title": "Not found",
    "status": 404,
    "detail": "No route has this path; /openapi.json lists them.",
    "errors": [],
}


def answer_unknown_paths_with_404() -> None:
    from chalice import local

    if getattr(local.LocalGateway, "_rendezvous_404", False):
        return

    class RouteNotFoundError(local.LocalGatewayException):
        CODE = 404

    original = local.LocalGateway.handle_request

    def handle_request(self, method, path, headers, body):
        try:
            return original(self, method, path, headers, body)
        except local.ForbiddenError as exc:
            if b"Missing Authentication Token" not in (exc.body or b"") and b"Authorization header requires" not in (
                exc.body or b""
            ):
                raise
            error_headers = {**exc.headers, "Content-Type": "application/problem+json"}
            error_headers.pop("x-amzn-ErrorType", None)
            raise RouteNotFoundError(error_headers, json.dumps(NOT_FOUND).encode()) from None

    local.LocalGateway.handle_request = handle_request
    local.LocalGateway._rendezvous_404 = True
