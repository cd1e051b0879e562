"""GET /docs: Swagger UI over /openapi.json, served by us from the Swagger UI that Powertools ships.

No CDN: the page and its script and style come from this API, so the reference works offline
and under a Content-Security-Policy that allows nothing from elsewhere. The local stage always
has it; a deployed stage only with `API_DOCS=on`. Its routes are not part of /openapi.json.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from chalice import Response

from chalicelib.api.web import Api, Html, Request

ASSETS = {
    "swagger-ui-bundle.js": ("swagger-ui-bundle.min.js", "text/javascript; charset=utf-8"),
    "swagger-ui.css": ("swagger-ui.min.css", "text/css; charset=utf-8"),
}
# Swagger UI writes some of its images as data: URIs; everything else comes from this API.
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
INIT = """window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: new URL("openapi.json", document.baseURI).href,
    dom_id: "#swagger-ui",
    deepLinking: true,
    docExpansion: "list",
    filter: true,
  });
});
"""


def enabled() -> bool:
    from chalicelib import config

    return config.dev_mode() or config.api_docs()


@cache
def asset(name: str) -> bytes:
    from aws_lambda_powertools.event_handler.openapi import swagger_ui

    return (Path(swagger_ui.__file__).parent / ASSETS[name][0]).read_bytes()


def _headers(content_type: str) -> dict[str, str]:
    return {
        "Content-Type": content_type,
        "Content-Security-Policy": POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "public, max-age=3600",
    }


def _check_enabled() -> None:
    from chalicelib.domain.errors import NotFoundError

    if not enabled():
        raise NotFoundError("The API reference is off in this stage (API_DOCS).")


def register(api: Api) -> None:
    @api.route("/docs", public=True, html=True, hidden=True, tags=("docs",))
    def docs_page(req: Request) -> Html:
        """The interactive API reference."""
        from chalicelib.templating import render_page

        _check_enabled()
        return Html(render_page("docs.html"), headers=_headers("text/html; charset=utf-8"))

    @api.route("/docs/{asset_name}", public=True, html=True, hidden=True, tags=("docs",))
    def docs_asset(req: Request, asset_name: str) -> Response:
        """Swagger UI's script and style, and the script that starts it."""
        from chalicelib.domain.errors import NotFoundError

        _check_enabled()
        if asset_name == "init.js":
            return Response(body=INIT, status_code=200, headers=_headers("text/javascript; charset=utf-8"))
        if asset_name not in ASSETS:
            raise NotFoundError("No such file.")
        return Response(body=asset(asset_name).decode(), status_code=200, headers=_headers(ASSETS[asset_name][1]))
