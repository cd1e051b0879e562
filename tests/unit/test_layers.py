"""The walls of docs/architecture.md, checked on the source: what each layer may import, and no circles."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "chalicelib"


def module_name(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports(path: Path) -> set[str]:
    """Every chalicelib module the file imports, at its top or inside a function (a lazy import is still a use)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("chalicelib"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("chalicelib"))
    return {name for name in found if name in MODULES}


GRAPH = {name: imports(path) - {name} for name, path in MODULES.items()}


def test_services_import_nothing_of_http_the_local_runner_or_the_models():
    forbidden = ("chalicelib.api", "chalicelib.local", "chalicelib.store.models")
    leaks = {
        name: sorted(target for target in targets if target.startswith(forbidden))
        for name, targets in GRAPH.items()
        if name.startswith("chalicelib.services")
    }
    assert {name: found for name, found in leaks.items() if found} == {}


def test_the_domain_and_the_contract_stand_on_their_own():
    allowed = ("chalicelib.domain", "chalicelib.contract", "chalicelib.config")
    leaks = {
        name: sorted(target for target in targets if target != "chalicelib" and not target.startswith(allowed))
        for name, targets in GRAPH.items()
        if name.startswith(("chalicelib.domain", "chalicelib.contract"))
    }
    assert {name: found for name, found in leaks.items() if found} == {}


def test_only_the_store_names_a_pynamodb_model():
    users = {name for name, targets in GRAPH.items() if "chalicelib.store.models" in targets}
    assert {name for name in users if not name.startswith("chalicelib.store.")} == set()


def test_no_module_imports_itself_back_through_others():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for name in GRAPH:
        if name not in index:
            visit(name)
    assert circles == []
