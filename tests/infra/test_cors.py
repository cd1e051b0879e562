"""In AWS, API Gateway answers every CORS preflight itself, and its own errors carry CORS headers too."""

from __future__ import annotations

from app import api
from chalicelib.api import cors
from tests.infra.conftest import Package, stage_environment


def definition(package: Package) -> dict:
    return package.resources["RestAPI"]["Properties"]["DefinitionBody"]


def test_every_path_has_a_preflight_answered_by_api_gateway_for_the_stage_s_origins(package: Package):
    origins = [origin.strip() for origin in stage_environment(package.stage)["FRONTEND_ORIGINS"].split(",")]
    paths = definition(package)["paths"]
    for path in {operation.path for operation in api.operations if not operation.path.startswith("/dev/")}:
        options = paths[path]["options"]
        integration = options["x-amazon-apigateway-integration"]
        assert integration["type"] == "mock", path  # no Lambda runs for a preflight
        template = integration["responses"]["default"]["responseTemplates"]["application/json"]
        for origin in origins:
            assert f",{origin}," in template
        methods = {operation.method for operation in api.operations if operation.path == path}
        for method in methods:
            assert method in template, (path, method)
        for header in cors.ALLOWED_HEADERS:
            assert header in template


def test_gateway_errors_carry_cors_headers(package: Package):
    origin = stage_environment(package.stage)["FRONTEND_ORIGINS"].split(",")[0].strip()
    responses = package.of_type("AWS::ApiGateway::GatewayResponse").values()
    kinds = [response["Properties"]["ResponseType"] for response in responses]
    assert {"DEFAULT_4XX", "DEFAULT_5XX", "UNAUTHORIZED"} <= set(kinds)
    assert len(kinds) == len(set(kinds))  # each kind defined once
    for response in responses:
        assert response["Properties"]["RestApiId"] == {"Ref": "RestAPI"}
        parameters = response["Properties"]["ResponseParameters"]
        assert parameters["gatewayresponse.header.Access-Control-Allow-Origin"] == f"'{origin}'"
        assert "X-Correlation-Id" in parameters["gatewayresponse.header.Access-Control-Expose-Headers"]
    assert "x-amazon-apigateway-gateway-responses" not in definition(package)
