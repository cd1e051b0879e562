"""The README's curl walk-through works verbatim against `make run` (only the port differs)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = (
    "A walk-through with curl",
    "Interviews and the applicant's answer",
    "The Interviews page",
    "Recruitment actions",
)


def walkthrough(base: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = []
    for title in SECTIONS:
        section = readme.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
        blocks += re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    script = "\n".join(blocks).replace("BASE=http://127.0.0.1:8000", f"BASE={base}")
    # every request must succeed: an HTTP error fails the script, with the answer shown
    return 'set -euo pipefail\ncurl() { command curl --fail-with-body --show-error "$@"; }\n' + script


def test_the_readme_walkthrough_runs_verbatim(local_api):
    result = subprocess.run(
        ["bash", "-c", walkthrough(local_api.base)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    assert '"status": "rejected"' in result.stdout
    assert "Intervju for Frontend developer" in result.stdout or "Interview for Frontend developer" in result.stdout
