"""Every shell block of README.md and docs/*.md runs verbatim against `make run`, in order per file.

A block fenced as sh, bash or shell is a promise that it runs as printed against a fresh local
runner; anything else (AWS-only commands, sample output) is fenced as text. Each file runs as
one bash script, from a fresh shell, in a scratch folder that sees the repository's files (so
`.venv/bin/python scripts/...` works, and the files an example writes land there). Only the
runner's address differs: http://127.0.0.1:8000 becomes the test runner's. Every curl fails the
script on an HTTP error, with the answer shown.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTED_BASE = "http://127.0.0.1:8000"
SHELL_BLOCK = re.compile(r"^```(?:sh|bash|shell)[ \t]*\n(.*?)^```[ \t]*$", re.M | re.S)
PRELUDE = 'set -euo pipefail\ncurl() { command curl --fail-with-body --show-error "$@"; }\n'
SECONDS_PER_FILE = 300
# What some files' output must show, beyond every command succeeding.
EXPECTED = {
    "README.md": ["invited"],
    "docs/walkthrough.md": [
        '"confirmation": "accepted"',
        '"status": "rejected"',
        '"emails": 1',
        "200\n200\n409\n1\naccepted\n",
    ],
    "docs/api-guide.md": ['"status": "uploaded"', '"status": "rated"', "%PDF"],
    "docs/delivery.md": ['"state": "bounced"', "Kari Nordmann", "undeliverable", '"reason": "undeliverable"'],
}


def documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def shell_blocks(path: Path) -> list[str]:
    return SHELL_BLOCK.findall(path.read_text(encoding="utf-8"))


def scratch_folder(tmp_path: Path) -> Path:
    """A folder that sees the repository's top-level entries, where examples may write files."""
    folder = tmp_path / "reader"
    folder.mkdir()
    for entry in ROOT.iterdir():
        if entry.name not in (".git",):
            (folder / entry.name).symlink_to(entry)
    return folder


@pytest.mark.parametrize(
    "name", [str(path.relative_to(ROOT)) for path in documents() if shell_blocks(path)], ids=lambda name: name
)
def test_every_shell_block_runs_verbatim(name, local_api, tmp_path):
    script = PRELUDE + "\n".join(shell_blocks(ROOT / name)).replace(DOCUMENTED_BASE, local_api.base)

    result = subprocess.run(
        ["bash", "-c", script],
        cwd=scratch_folder(tmp_path),
        capture_output=True,
        text=True,
        timeout=SECONDS_PER_FILE,
        check=False,
    )

    assert result.returncode == 0, f"{name}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    for expected in EXPECTED.get(name, ()):
        assert expected in result.stdout, f"{name}: {expected!r} not in\n{result.stdout[-3000:]}"


def test_the_readme_and_the_guides_have_shell_blocks():
    """The test above cannot pass by finding nothing to run."""
    for name in ("README.md", "docs/walkthrough.md", "docs/api-guide.md", "docs/benchmarks.md"):
        assert shell_blocks(ROOT / name), name
