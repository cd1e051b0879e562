"""The Lambda bundle `make package` produces: complete, small, and working once unpacked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.infra.conftest import ROOT, Package, stage_environment
from tests.support import locked

# What the Lambda Python runtime brings and the bundle therefore leaves out.
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer", "jmespath", "urllib3")

SMOKE_TEST = """
import datetime, json, sys
sys.path[:0] = [{task!r}, {runtime!r}]

import app

def call(path):
    event = {{
        "resource": path, "path": path, "httpMethod": "GET", "headers": {{"accept": "application/json"}},
        "multiValueHeaders": {{}}, "queryStringParameters": None, "multiValueQueryStringParameters": None,
        "pathParameters": None, "stageVariables": None, "body": None, "isBase64Encoded": False,
        "requestContext": {{"resourcePath": path, "httpMethod": "GET", "path": "/api" + path, "stage": "api",
                           "requestTimeEpoch": 1795000000000, "identity": {{"sourceIp": "192.0.2.1"}}}},
    }}
    return app.app(event, None)

heavy_at_import = sorted({{name.split(".")[0] for name in sys.modules}} & {{"fpdf", "PIL", "fontTools", "boto3"}})

import babel.dates, jwt, phonenumbers, icalendar, pydantic, email_validator
from jwt.algorithms import has_crypto
from chalicelib import printing
from chalicelib import templating
from chalicelib.domain.languages import LANGUAGES
from chalicelib.store import models

print(json.dumps({{
    "app_file": app.__file__,
    "health": call("/health")["statusCode"],
    "openapi": call("/openapi.json")["statusCode"],
    "unauthorized": call("/vacancies")["statusCode"],
    "not_allowed": call("/interviews/preview")["statusCode"],
    "routes": sorted(app.app.routes),
    "dates": {{lang: babel.dates.format_date(datetime.date(2026, 12, 7), "full", locale=lang) for lang in LANGUAGES}},
    "template_dir": str(templating.template_dir()),
    "outbox_template": templating.environment().get_template("pages/dev/outbox.html").filename,
    "template_loader": type(templating.environment().loader).__name__,
    "has_crypto": has_crypto,
    "tables": [model.Meta.table_name for model in models.ALL_MODELS],
    "phone": phonenumbers.format_number(phonenumbers.parse("+47 912 34 567"), phonenumbers.PhoneNumberFormat.E164),
    "heavy_at_import": heavy_at_import,
    "pdf": printing.summary(language="nb", title="Søknad", note=None, facts=[("Navn", "Åse Ærø")], sections=[],
                            now=datetime.datetime(2026, 12, 7, tzinfo=datetime.timezone.utc))[:5].decode(),
}}))
"""


def names(package: Package) -> list[str]:
    with zipfile.ZipFile(package.zip) as bundle:
        return bundle.namelist()


@pytest.fixture(scope="module")
def unpacked(package: Package, tmp_path_factory: pytest.TempPathFactory) -> Path:
    task = tmp_path_factory.mktemp("var-task")
    with zipfile.ZipFile(package.zip) as bundle:
        bundle.extractall(task)
    return task


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Stands in for the Lambda runtime's own site-packages: only the AWS SDK and its dependencies."""
    directory = tmp_path_factory.mktemp("lambda-runtime")
    for name in RUNTIME_PROVIDED:
        module = __import__(name)
        (directory / name).symlink_to(Path(module.__file__).parent, target_is_directory=True)
    return directory


def test_the_bundle_carries_every_template(package: Package):
    bundled = set(names(package))
    templates = [path.relative_to(ROOT).as_posix() for path in (ROOT / "templates").rglob("*") if path.is_file()]
    assert "templates/pages/dev/outbox.html" in templates
    missing = [path for path in templates if f"chalicelib/{path}" not in bundled]
    assert not missing


def test_packaging_leaves_no_copy_of_the_templates_in_the_source_tree(package: Package):
    assert not (ROOT / "chalicelib" / "templates").exists()


def test_the_bundle_leaves_out_what_the_lambda_runtime_provides(package: Package):
    tops = {name.split("/", 1)[0].split("-", 1)[0].lower() for name in names(package)}
    assert not tops & set(RUNTIME_PROVIDED)


def test_the_bundle_carries_no_cryptography(package: Package):
    """Deployed, API Gateway's Cognito authorizer verifies tokens; the function never needs RS256."""
    tops = {name.split("/", 1)[0].lower() for name in names(package)}
    assert not {"cryptography", "cffi", "_cffi_backend.cpython-311-x86_64-linux-gnu.so"} & tops


def test_every_module_a_cold_start_imports_comes_with_bytecode_of_its_own_source(package: Package):
    """Lambda's /var/task is read-only: without a .pyc each cold start compiles every module it imports."""
    import importlib.util
    import marshal

    from scripts.bundle import COMPILED, NOT_COMPILED, pyc_path

    with zipfile.ZipFile(package.zip) as bundle:
        bundled = set(bundle.namelist())
        sources = [
            name
            for name in bundled
            if name.endswith(".py") and name.split("/", 1)[0] in COMPILED and not name.startswith(NOT_COMPILED)
        ]
        assert {"app.py", "chalicelib/api/web.py", "pydantic/main.py", "pynamodb/models.py"} <= set(sources)
        for name in sources:
            pyc = bundle.read(pyc_path(name))
            source = bundle.read(name)
            assert pyc[:4] == importlib.util.MAGIC_NUMBER, name  # CPython 3.11's, as Lambda's python3.11
            assert int.from_bytes(pyc[4:8], "little") == 0b01, name  # hash-based, unchecked: no timestamps
            assert pyc[8:16] == importlib.util.source_hash(source), name  # compiled from this very source
        marshal.loads(bundle.read(pyc_path("chalicelib/api/web.py"))[16:])
        assert not [name for name in bundled if name.startswith("fpdf/") and name.endswith(".pyc")]  # PDFs only


def test_the_bundle_drops_compiled_copies_of_pure_python_modules_and_c_sources(package: Package):
    bundled = set(names(package))
    twins = [name for name in bundled if name.endswith(".so") and f"{name.split('.', 1)[0]}.py" in bundled]
    assert not twins
    assert not [name for name in bundled if name.endswith(".c")]
    assert "fontTools/cu2qu/cu2qu.py" in bundled and "fontTools/misc/bezierTools.py" in bundled
    assert "pydantic_core/_pydantic_core.cpython-311-x86_64-linux-gnu.so" in bundled  # no Python twin: kept


def test_the_bundle_keeps_locale_data_only_for_the_languages_served(package: Package):
    locales = {
        name.removeprefix("babel/locale-data/").removesuffix(".dat")
        for name in names(package)
        if name.startswith("babel/locale-data/") and name.endswith(".dat")
    }
    assert {"root", "en", "nl", "nb", "no", "sv", "da", "fi"} <= locales
    assert not {"de", "fr", "ja", "zh"} & locales


def test_the_bundle_holds_exactly_the_locked_runtime_versions(package: Package):
    from scripts.bundle import LEFT_OUT

    bundled = {}
    for name in names(package):
        top = name.split("/", 1)[0]
        if top.endswith(".dist-info"):
            dist, version = top.removesuffix(".dist-info").rsplit("-", 1)
            bundled[dist.lower().replace("_", "-")] = version
    expected = {name: version for name, version in locked(ROOT / "requirements.lock").items() if name not in LEFT_OUT}
    assert bundled == expected


def test_the_dev_lock_pins_the_same_runtime_versions():
    runtime = locked(ROOT / "requirements.lock")
    dev = locked(ROOT / "requirements-dev.lock")
    assert {name: dev.get(name) for name in runtime} == runtime


def test_the_bundle_fits_lambda_s_limits(package: Package):
    with zipfile.ZipFile(package.zip) as bundle:
        unzipped = sum(entry.file_size for entry in bundle.infolist())
    assert package.zip.stat().st_size < 50 * 2**20  # direct upload limit
    assert unzipped < 250 * 2**20  # unzipped limit


def test_the_unpacked_bundle_serves_requests_as_a_deployed_stage(package: Package, unpacked: Path, runtime: Path):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "AWS_DEFAULT_REGION": "eu-north-1",
        "AWS_REGION": "eu-north-1",
        **stage_environment(package.stage),
        "COGNITO_USER_POOL_ID": "eu-north-1_example",
        "COGNITO_CLIENT_ID": "example",
    }
    code = SMOKE_TEST.format(task=str(unpacked), runtime=str(runtime))
    # -I -S: no site-packages and no environment paths, only the bundle and the stand-in runtime.
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code], cwd=unpacked, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    *log_lines, last = result.stdout.strip().splitlines()
    seen = json.loads(last)
    requests = [json.loads(line) for line in log_lines if '"message":"request"' in line]
    assert [(line["route"], line["status"]) for line in requests] == [
        ("/health", 200),
        ("/openapi.json", 200),
        ("/vacancies", 401),
        ("/interviews/preview", 405),
    ]
    assert all(line["stage"] == "dev" and line["correlation_id"] for line in requests)

    assert Path(seen["app_file"]).parent == unpacked
    assert (seen["health"], seen["openapi"], seen["unauthorized"], seen["not_allowed"]) == (200, 200, 401, 405)
    assert not [route for route in seen["routes"] if route.startswith("/dev")]
    assert seen["dates"]["nb"] == "mandag 7. desember 2026"
    assert seen["dates"]["nl"] == "maandag 7 december 2026"
    assert all(seen["dates"].values())
    assert seen["template_dir"] == str(unpacked / "chalicelib" / "templates")
    assert seen["outbox_template"].startswith(str(unpacked / "chalicelib" / "compiled_templates"))
    assert seen["template_loader"] == "ModuleLoader"  # compiled by packaging: a cold start parses no template
    assert seen["has_crypto"] is False  # API Gateway verifies Cognito's tokens: no cryptography in the bundle
    assert seen["tables"][0].startswith(stage_environment(package.stage)["RENDEZVOUS_TABLE_PREFIX"] + "-")
    assert seen["phone"] == "+4791234567"
    assert seen["heavy_at_import"] == []  # PDFs and AWS clients are loaded where used, not at cold start
    assert seen["pdf"] == "%PDF-"  # fpdf2, Pillow, fontTools and the fonts came along
