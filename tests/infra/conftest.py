"""Packages the dev stage once per test session, exactly as `make package STAGE=dev` does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
STAGE = "dev"


@dataclass(frozen=True)
class Package:
    stage: str
    directory: Path
    template: dict[str, Any]

    @property
    def zip(self) -> Path:
        return self.directory / "deployment.zip"

    @property
    def resources(self) -> dict[str, Any]:
        return self.template["Resources"]

    def of_type(self, resource_type: str) -> dict[str, dict[str, Any]]:
        return {name: r for name, r in self.resources.items() if r["Type"] == resource_type}


def stage_environment(stage: str) -> dict[str, str]:
    """The environment .chalice/config.json gives the functions of a stage."""
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    return {**config.get("environment_variables", {}), **config["stages"][stage].get("environment_variables", {})}


@pytest.fixture(scope="session")
def package(tmp_path_factory: pytest.TempPathFactory) -> Package:
    directory = tmp_path_factory.mktemp("package") / STAGE
    env = {**os.environ, "STAGE": STAGE, "OUT_DIR": str(directory), "BIN": str(Path(sys.executable).parent)}
    result = subprocess.run(
        [str(ROOT / "scripts" / "package.sh")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return Package(STAGE, directory, json.loads((directory / "sam.json").read_text()))
