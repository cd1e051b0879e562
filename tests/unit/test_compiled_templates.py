"""The bundle's templates are compiled by packaging (chalicelib/templating.py): they must say exactly what
the template files say."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from chalicelib import templating
from chalicelib.notify import compose


@pytest.fixture()
def compiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    templating.compile_templates(tmp_path)
    monkeypatch.setattr(templating, "COMPILED", tmp_path)
    templating.environment.cache_clear()
    yield tmp_path
    templating.environment.cache_clear()


def layout(language: str) -> compose.Rendered:
    return compose.render_layout(
        language,
        "Intervju for {vacancy} <b>",
        "Hei {firstname},\n\nVelkommen {date} & <script>.",
        {"vacancy": "Utvikler", "firstname": "Åse", "date": "mandag 7. desember 2026"},
        [("Sted", "Storgata 1 <Oslo>")],
        link="https://rendezvous.test/confirm/abc",
        signature="Anna\nDemo AS",
    )


def test_every_template_file_has_its_module(compiled: Path):
    names = [
        path.relative_to(templating.template_dir()).as_posix()
        for path in templating.template_dir().rglob("*")
        if path.suffix.lstrip(".") in templating.TEMPLATE_EXTENSIONS
    ]
    assert "email/layout.html" in names and "pages/answer.html" in names
    environment = templating.environment()
    assert isinstance(environment.loader, jinja2.ModuleLoader)
    assert len(list(compiled.glob("tmpl_*.py"))) == len(names)
    for name in names:
        assert environment.get_template(name).name == name


def test_a_compiled_email_says_what_the_template_files_say(compiled: Path, monkeypatch: pytest.MonkeyPatch):
    from_modules = layout("nb")
    monkeypatch.setattr(templating, "COMPILED", compiled / "absent")
    templating.environment.cache_clear()
    assert isinstance(templating.environment().loader, jinja2.FileSystemLoader)
    from_files = layout("nb")
    assert from_modules == from_files
    assert "&lt;script&gt;" in from_modules.html and "<script>" in from_modules.text  # HTML escaped, text not


def test_without_compiled_templates_the_files_are_read():
    templating.environment.cache_clear()
    assert not templating.COMPILED.exists()  # only the bundle has them
    assert isinstance(templating.environment().loader, jinja2.FileSystemLoader)
