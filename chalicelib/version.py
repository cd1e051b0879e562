"""Which build is running: the package version and the commit it was built from.

`make package` bakes both into `chalicelib/build.json`; a checkout (make run, the tests)
reads its own commit from git once, on first use.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from functools import cache
from pathlib import Path

PACKAGE_VERSION = "1.1.0"

_HERE = Path(__file__).resolve().parent


def _git(root: Path, *args: str) -> str:
    git = shutil.which("git")
    if git is None:
        raise OSError("git is not installed")
    return subprocess.run([git, *args], cwd=root, capture_output=True, text=True, timeout=5, check=True).stdout.strip()  # noqa: S603 - our own arguments


def from_checkout(root: Path) -> dict[str, str]:
    """The version of the code in a git checkout; `unknown` commit outside one."""
    try:
        commit = _git(root, "rev-parse", "--short=12", "HEAD")
        if _git(root, "status", "--porcelain", "--untracked-files=no"):
            commit += "-dirty"
    except (OSError, subprocess.SubprocessError):
        commit = "unknown"
    return {"version": f"{PACKAGE_VERSION}+{commit}", "commit": commit}


@cache
def current() -> dict[str, str]:
    baked = _HERE / "build.json"
    if baked.is_file():
        return json.loads(baked.read_text())
    return from_checkout(_HERE.parent)
