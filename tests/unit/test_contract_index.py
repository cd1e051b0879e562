"""chalicelib.contract loads one area per name: its INDEX must name every model where it lives."""

import ast
import importlib
import inspect

from pydantic import BaseModel

from chalicelib import contract


def defined_in(area: str) -> set[str]:
    """The capitalised names an area's module defines itself (classes and type aliases), not those it imports."""
    module = importlib.import_module(f"chalicelib.contract.{area}")
    tree = ast.parse(inspect.getsource(module))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
    return {name for name in names if name[0].isupper()}


def test_the_index_names_every_model_and_type_where_it_is_defined():
    defined = {name: area for area in contract.AREAS for name in defined_in(area)}
    assert defined == contract.INDEX
    for name in defined:
        value = getattr(contract, name)
        assert not isinstance(value, type) or issubclass(value, BaseModel), name


def test_a_name_loads_only_its_own_area():
    import subprocess
    import sys

    code = (
        "import sys; from chalicelib import contract; contract.VacancyCreate; "
        "print(sorted(m for m in sys.modules if m.startswith('chalicelib.contract.')))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['chalicelib.contract.common', 'chalicelib.contract.vacancies']"


def test_an_unknown_name_is_an_attribute_error():
    import pytest

    with pytest.raises(AttributeError):
        contract.NoSuchModel  # noqa: B018


def test_every_route_names_models_the_contract_has():
    import app

    for operation in app.api.operations:
        for name in (operation.body, operation.query, operation.response, operation.form):
            assert name is None or name in contract.INDEX, (operation.path, name)
