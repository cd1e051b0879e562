"""/docs: an interactive reference built on /openapi.json, everything served by us (no CDN)."""

from __future__ import annotations

import re


def test_the_reference_page_loads_only_our_own_files(api):
    page = api.get("/docs", auth=False)
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(not source.startswith(("http:", "https:", "//")) for source in sources)
    for source in sources:
        asset = api.get("/" + source, auth=False)
        assert asset.status == 200, source
        assert asset.headers["content-type"].split(";")[0] in {"text/css", "text/javascript"}
    assert "SwaggerUIBundle" in api.get("/docs/swagger-ui-bundle.js", auth=False).text
    assert "openapi.json" in api.get("/docs/init.js", auth=False).text


def test_the_reference_is_not_part_of_the_contract(api):
    assert not [path for path in api.get("/openapi.json", auth=False).json["paths"] if path.startswith("/docs")]


def test_a_deployed_stage_serves_it_only_with_api_docs_on(api, monkeypatch):
    monkeypatch.delenv("RENDEZVOUS_DEV_ROUTES")
    assert api.get("/docs", auth=False).status == 404
    assert api.get("/docs/swagger-ui.css", auth=False).status == 404
    monkeypatch.setenv("API_DOCS", "on")
    assert api.get("/docs", auth=False).status == 200
    assert api.get("/docs/swagger-ui.css", auth=False).status == 200
