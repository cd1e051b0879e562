"""The one Jinja2 environment. Templates are files we ship, never recruiter text.

`templates/` at the top of the repo is the source; packaging copies it to
`chalicelib/templates/` because Chalice bundles only app.py, chalicelib/ and vendor/.
Packaging also compiles every template into a Python module (`chalicelib/compiled_templates/`,
Jinja2's own `compile_templates`, with the settings below), which the bundle then loads with
`ModuleLoader`: a cold start imports the code (from its bytecode) instead of lexing, parsing and
compiling the template. Without that folder (the tests, the local server) templates load from
their files.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent
COMPILED = _HERE / "compiled_templates"
TEMPLATE_EXTENSIONS = ("html", "txt")  # the rest of templates/ is wording (JSON) and fonts


def template_dir() -> Path:
    bundled = _HERE / "templates"
    return bundled if bundled.is_dir() else _HERE.parent / "templates"


def _environment(loader: Any) -> Any:
    import jinja2

    return jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(["html", "htm"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=1)
def environment() -> Any:
    import jinja2

    if COMPILED.is_dir():
        return _environment(jinja2.ModuleLoader(str(COMPILED)))
    return _environment(jinja2.FileSystemLoader(str(template_dir())))


def compile_templates(target: Path) -> None:
    """Packaging: every template of `template_dir()` as a Python module in `target`, for `ModuleLoader`."""
    import jinja2

    source = _environment(jinja2.FileSystemLoader(str(template_dir())))
    source.compile_templates(str(target), extensions=TEMPLATE_EXTENSIONS, zip=None, ignore_errors=False)


def render_page(name: str, **context: Any) -> str:
    return environment().get_template(f"pages/{name}").render(**context)


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


@cache
def texts(language: str) -> dict[str, Any]:
    """The wording of emails and pages in one language (templates/i18n/<lang>.json)."""
    import json

    path = template_dir() / "i18n" / f"{language}.json"
    if not path.is_file():
        path = template_dir() / "i18n" / "en.json"
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def document_texts(language: str) -> dict[str, Any]:
    """The wording of offers, contracts, letters and forwarded CVs (templates/i18n/documents/<lang>.json)."""
    import json

    path = template_dir() / "i18n" / "documents" / f"{language}.json"
    if not path.is_file():
        path = template_dir() / "i18n" / "documents" / "en.json"
    return json.loads(path.read_text(encoding="utf-8"))


def font_path(name: str) -> str:
    """A font we ship for PDFs (templates/fonts/)."""
    return str(template_dir() / "fonts" / name)
