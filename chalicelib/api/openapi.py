"""GET /openapi.json: OpenAPI 3.1, generated from the routes and the models the handlers validate with."""

from __future__ import annotations

import re
from typing import Any

from chalicelib.api.web import Operation

_STATUS_TEXT = {
    400: "Malformed request",
    401: "No or bad token",
    403: "Not allowed",
    404: "Not found",
    409: "Conflicting state or stale write",
    410: "Gone",
    422: "Invalid input",
}

IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "A key of the client's choosing (a UUID), unique per request: the same key with the same body within "
        "24 hours gets the first answer again, and nothing is sent or created twice; with another body it is "
        "a 422; while the first request is still running, a 409. Keys are per organisation."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": 257, "pattern": "^[\\x20-\\x7e]+$"},
}
REPLAYED = "`true` when this is the stored answer to an earlier request with the same Idempotency-Key"


def document(operations: list[Operation], title: str = "Rendezvous", version: str = "1.0.0") -> dict[str, Any]:
    from pydantic.json_schema import models_json_schema

    from chalicelib import contract

    names = sorted(
        {name for op in operations if not op.hidden for name in (op.body, op.response) if name} | {"Problem"}
    )
    _, schema = models_json_schema(
        [(getattr(contract, name), "validation") for name in names],
        ref_template="#/components/schemas/{model}",
    )
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        if op.hidden:
            continue
        item = paths.setdefault(op.path, {})
        parameters = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in re.findall(r"{(\w+)}", op.path)
        ]
        if op.query:
            query_schema = getattr(contract, op.query).model_json_schema()
            for name, prop in query_schema.get("properties", {}).items():
                parameters.append(
                    {"name": name, "in": "query", "required": name in query_schema.get("required", []), "schema": prop}
                )
        responses: dict[str, Any] = {}
        if op.html:
            responses[str(op.status)] = {
                "description": "An HTML page",
                "content": {"text/html": {"schema": {"type": "string"}}},
            }
        elif op.binary:
            responses[str(op.status)] = {"description": "A file", "content": {op.binary: {}}}
        elif op.text:
            responses[str(op.status)] = {"description": "Success", "content": {op.text: {"schema": {"type": "string"}}}}
        elif op.response:
            responses[str(op.status)] = {
                "description": "Success",
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{op.response}"}}},
            }
        else:
            responses[str(op.status)] = {"description": "Success"}
        problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for status, text in _STATUS_TEXT.items():
            if status == 401 and op.public:
                continue
            # A page for people answers its errors as a page in their language, too.
            content = {"text/html": {"schema": {"type": "string"}}} if op.html else problem
            responses[str(status)] = {"description": text, "content": content}
        if op.binary:
            responses["406"] = {"description": f"The request's Accept does not name {op.binary}", "content": problem}
        if op.idempotent:
            parameters.append(IDEMPOTENCY_KEY)
            replayed = {"Idempotent-Replayed": {"description": REPLAYED, "schema": {"const": "true"}}}
            for status in (str(op.status), "400", "403", "404", "409", "422"):
                responses[status]["headers"] = replayed
        operation: dict[str, Any] = {"operationId": op.name, "summary": op.summary, "responses": responses}
        if op.description:
            operation["description"] = op.description
        if op.tags:
            operation["tags"] = op.tags
        if parameters:
            operation["parameters"] = parameters
        if op.body:
            operation["requestBody"] = {
                "required": op.body_required,
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{op.body}"}}},
            }
        if op.html and op.method == "POST" and op.form:
            form_schema = getattr(contract, op.form).model_json_schema(ref_template="#/components/schemas/{model}")
            form_schema.pop("$defs", None)
            operation["requestBody"] = {
                "required": True,
                "content": {"application/x-www-form-urlencoded": {"schema": form_schema}},
            }
        elif op.html and op.method == "POST":
            operation["requestBody"] = {
                "required": True,
                "content": {
                    "application/x-www-form-urlencoded": {
                        "schema": {
                            "type": "object",
                            "properties": {"answer": {"type": "string"}},
                            "required": ["answer"],
                        }
                    }
                },
            }
        if not op.public:
            operation["security"] = [{"bearer": []}]
        item[op.method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": title,
            "version": version,
            "description": "The interview back end of an applicant tracking system.",
        },
        "paths": paths,
        "components": {
            "schemas": schema.get("$defs", {}),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }
