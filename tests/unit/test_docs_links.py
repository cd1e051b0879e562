"""Every link between README.md and docs/ leads somewhere (pages other changes add may be missing yet)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Written alongside other changes; linked by name until they arrive.
ARRIVING = {
    "docs/observability.md",
    "docs/data-model.md",
    "docs/organisations.md",
    "docs/browser-clients.md",
    "docs/reminders-at-scale.md",
    "docs/dependencies.md",
}
LINK = re.compile(r"\]\(([^)#\s]+)(?:#([^)\s]+))?\)")


def anchors(path: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens."""
    headings = re.findall(r"^#+ (.+)$", path.read_text(encoding="utf-8"), flags=re.M)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings}


def test_every_relative_link_resolves():
    broken = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target, anchor in LINK.findall(page.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            linked = (page.parent / target).resolve()
            name = linked.relative_to(ROOT).as_posix() if linked.is_relative_to(ROOT) else str(linked)
            if not linked.exists():
                if name not in ARRIVING:
                    broken.append(f"{page.name}: {target}")
            elif anchor and anchor not in anchors(linked):
                broken.append(f"{page.name}: {target}#{anchor}")
    assert broken == []


def test_the_readme_stays_a_front_door():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 100
    for page in ("walkthrough", "api-guide", "operations", "architecture", "deploy", "benchmarks"):
        assert f"(docs/{page}.md)" in readme, page
