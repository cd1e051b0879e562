"""Packaging helpers for scripts/package.sh.

.venv/bin/python scripts/bundle.py merge-template STAGE infra/resources.yml OUT.json
    infra/resources.yml with its `Stage` parameter pinned to STAGE, as JSON for
    `chalice package --merge-template`, plus CORS for the stage's FRONTEND_ORIGINS
    (.chalice/config.json): an `options` method answered by API Gateway on every path
    of the app, and the CORS headers on the gateway's own error responses; and the stack's
    user pool as the one the recruiter routes' Cognito authorizer trusts.

.venv/bin/python scripts/bundle.py version OUT.json
    The version the bundle reports on /health/ready: the package version and the
    checkout's commit (with "-dirty" when it has uncommitted changes).

.venv/bin/python scripts/bundle.py compile-templates OUT_DIR
    Every Jinja2 template as a Python module (chalicelib/templating.py: the bundle loads them with
    Jinja2's ModuleLoader, so a cold start neither parses nor compiles a template; they get bytecode
    below like the rest of chalicelib/).

.venv/bin/python scripts/bundle.py slim build/STAGE/deployment.zip
    Drops from the Lambda bundle what the function never needs, and prints
    the size before and after:
    - boto3, botocore, s3transfer, jmespath and urllib3: the Lambda Python
      runtime provides them (botocore alone is ~16 MB zipped; PynamoDB pulls it in);
    - Pillow (PIL, pillow.libs: 8 MB zipped): fpdf2 requires it, but imports it only to
      embed raster images, and our letters, offers and contracts are text in an embedded font;
      the bundle test renders a PDF from the unpacked bundle without it;
    - C extension modules that are only compiled copies of a pure-Python module shipped beside
      them (fontTools' Cython accelerators: 3.4 MB zipped; Python uses the .py when the .so is
      absent, and we never convert curves), and C sources (`*.c`), which nothing runs;
    - Babel locale data for locales other than the languages Rendezvous
      speaks (chalicelib.domain.languages.LANGUAGES), their parents and `root`.
    And it adds bytecode: Lambda's /var/task is read-only, so without `.pyc` files every cold
    start compiles each module it imports from source (a third of its CPU). The packages a
    request's cold start imports (COMPILED) get `__pycache__/*.cpython-311.pyc` beside their
    sources, compiled by this CPython 3.11 (Lambda's python3.11) in PEP 552's unchecked-hash
    mode: used without comparing timestamps, which a zip does not keep reliably. The sources stay,
    so tracebacks show their lines; the bundle test checks each pyc against its source's hash.
"""

from __future__ import annotations

import json
import pickle
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer", "jmespath", "urllib3")
NOT_NEEDED = ("pillow",)
LEFT_OUT = RUNTIME_PROVIDED + NOT_NEEDED
# Top-level folders in the bundle whose distribution has another name.
_FOLDER_DISTRIBUTION = {"pil": "pillow", "pillow.libs": "pillow"}
LOCALE_DATA = "babel/locale-data/"
# What a cold start imports (scripts/bench_coldstart.py: GET /applicants/{id}, POST /interviews).
COMPILED = (
    "app.py",
    "chalicelib",
    "chalice",
    "pydantic",
    "pydantic_core",
    "typing_extensions.py",
    "typing_inspection",
    "annotated_types",
    "pynamodb",
    "aws_lambda_powertools",
    "jinja2",
    "markupsafe",
    "babel",
    "icalendar",
    "dateutil",
    "six.py",
    "email_validator",
    "idna",
)
NOT_COMPILED = ("aws_lambda_powertools/event_handler/",)  # Powertools' own HTTP router: we route with Chalice
PYC_TAG = "cpython-311"


def merge_template(stage: str, source: Path, target: Path) -> None:
    from chalice.package import YAMLTemplateSerializer

    template = YAMLTemplateSerializer().load_template(source.read_text(), str(source))
    parameter = template["Parameters"]["Stage"]
    if stage not in parameter["AllowedValues"]:
        raise SystemExit(f"{source}: stage {stage!r} is not one of {parameter['AllowedValues']}")
    parameter["AllowedValues"] = [stage]
    parameter["Default"] = stage
    add_cors(template, stage)
    add_authorizer(template)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(template, indent=2) + "\n")


def stage_origins(stage: str) -> tuple[str, ...]:
    """FRONTEND_ORIGINS as .chalice/config.json gives it to the stage's functions."""
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    env = {**config.get("environment_variables", {}), **config["stages"][stage].get("environment_variables", {})}
    return tuple(origin.strip().rstrip("/") for origin in env.get("FRONTEND_ORIGINS", "").split(",") if origin.strip())


def add_cors(template: dict, stage: str) -> None:
    """API Gateway answers every preflight itself (a mock integration: no Lambda runs for it), and its
    own error responses (a throttled request, a Lambda that timed out, `DEFAULT_4XX`, `DEFAULT_5XX`,
    `UNAUTHORIZED` and any other infra/ defines) carry CORS headers too.

    Gateway responses can only map fixed values, so they name the stage's first origin; the
    app's answers and the preflights name whichever allowed origin asked.
    """
    sys.path.insert(0, str(ROOT))
    from app import api
    from chalicelib.api import cors

    origins = stage_origins(stage)
    methods: dict[str, list[str]] = {}
    for operation in api.operations:
        methods.setdefault(operation.path, []).append(operation.method)
    body = template["Resources"].setdefault("RestAPI", {}).setdefault("Properties", {})
    definition = body.setdefault("DefinitionBody", {})
    paths = definition.setdefault("paths", {})
    for path, path_methods in methods.items():
        paths.setdefault(path, {})["options"] = cors.api_gateway_preflight(origins, path_methods)
    if not origins:
        return
    headers = {
        "gatewayresponse.header.Access-Control-Allow-Origin": f"'{origins[0]}'",
        "gatewayresponse.header.Access-Control-Expose-Headers": f"'{', '.join(cors.EXPOSED_HEADERS)}'",
        "gatewayresponse.header.Vary": "'Origin'",
    }
    # Every gateway response infra/ defines gets the headers; the ones it does not define are added with
    # nothing but them (API Gateway's default bodies), so each kind is defined exactly once.
    resources = template["Resources"]
    gateway_responses = [r for r in resources.values() if r.get("Type") == "AWS::ApiGateway::GatewayResponse"]
    for kind in ("DEFAULT_4XX", "DEFAULT_5XX", "UNAUTHORIZED"):
        if not any(r["Properties"].get("ResponseType") == kind for r in gateway_responses):
            name = "Cors" + kind.title().replace("_", "") + "GatewayResponse"
            resources[name] = {
                "Type": "AWS::ApiGateway::GatewayResponse",
                "Properties": {"RestApiId": {"Ref": "RestAPI"}, "ResponseType": kind},
            }
            gateway_responses.append(resources[name])
    for response in gateway_responses:
        response["Properties"].setdefault("ResponseParameters", {}).update(headers)


def add_authorizer(template: dict) -> None:
    """The recruiter routes' Cognito authorizer trusts the stack's own user pool: Chalice writes it with a
    placeholder ARN (the app cannot know the pool's ARN when it is packaged), the template names the pool."""
    sys.path.insert(0, str(ROOT))
    from chalicelib.api.auth import AUTHORIZER_NAME

    definition = template["Resources"].setdefault("RestAPI", {}).setdefault("Properties", {})
    security = definition.setdefault("DefinitionBody", {}).setdefault("securityDefinitions", {})
    security[AUTHORIZER_NAME] = {
        "x-amazon-apigateway-authorizer": {"providerARNs": [{"Fn::GetAtt": ["UserPool", "Arn"]}]}
    }


def languages() -> tuple[str, ...]:
    sys.path.insert(0, str(ROOT))
    from chalicelib.domain.languages import LANGUAGES

    return LANGUAGES


def _distribution(top: str) -> str:
    """`botocore-1.35.0.dist-info` (or `.data`) -> `botocore`; `botocore` -> `botocore`."""
    if top.endswith((".dist-info", ".egg-info", ".data")):
        return top.split("-", 1)[0].lower().replace("_", "-")
    return _FOLDER_DISTRIBUTION.get(top.lower(), top.lower())


def kept_locales(available: set[str], parent_exceptions: dict[str, str], wanted: tuple[str, ...]) -> set[str]:
    """The wanted languages in every region and script, plus whatever Babel loads them on top of."""
    keep = {name for name in available if name.split("_")[0] in wanted}
    pending = list(keep)
    while pending:
        name = pending.pop()
        parts = name.split("_")
        parent = parent_exceptions.get(name) or ("root" if len(parts) == 1 else "_".join(parts[:-1]))
        if name != "root" and parent not in keep:
            keep.add(parent)
            pending.append(parent)
    return keep | {"root"}


def slim(archive: Path) -> tuple[int, int]:
    before = archive.stat().st_size
    with zipfile.ZipFile(archive) as source:
        entries = source.infolist()
        names = {entry.filename for entry in entries}
        available = {
            name[len(LOCALE_DATA) : -len(".dat")]
            for name in names
            if name.startswith(LOCALE_DATA) and name.endswith(".dat")
        }
        parent_exceptions = pickle.loads(source.read("babel/global.dat")).get("parent_exceptions", {})  # noqa: S301 - Babel's own data file
        keep = kept_locales(available, parent_exceptions, languages())

        def wanted(name: str) -> bool:
            top = name.split("/", 1)[0]
            if _distribution(top) in LEFT_OUT:
                return False
            if name.endswith(".c") or name.startswith("aws_lambda_powertools/event_handler/openapi/swagger_ui/"):
                return False
            if name.endswith(".so") and f"{name.split('.', 1)[0]}.py" in names:
                return False
            if name.startswith(LOCALE_DATA) and name.endswith(".dat"):
                return name[len(LOCALE_DATA) : -len(".dat")] in keep
            return True

        slimmed = archive.with_suffix(".slim.zip")
        with zipfile.ZipFile(slimmed, "w", compression=zipfile.ZIP_DEFLATED) as target:
            for entry in entries:
                if wanted(entry.filename):
                    content = source.read(entry)
                    target.writestr(entry, content, compress_type=zipfile.ZIP_DEFLATED)
                    if compiled(entry.filename):
                        target.writestr(
                            zipfile.ZipInfo(pyc_path(entry.filename), entry.date_time),
                            bytecode(content, entry.filename),
                            compress_type=zipfile.ZIP_DEFLATED,
                        )
    slimmed.replace(archive)
    return before, archive.stat().st_size


def compiled(name: str) -> bool:
    top = name.split("/", 1)[0]
    return name.endswith(".py") and top in COMPILED and not name.startswith(NOT_COMPILED)


def pyc_path(name: str) -> str:
    folder, _, file = name.rpartition("/")
    cached = f"__pycache__/{file.removesuffix('.py')}.{PYC_TAG}.pyc"
    return f"{folder}/{cached}" if folder else cached


def bytecode(source: bytes, name: str) -> bytes:
    """The module's code as CPython 3.11 caches it, in an unchecked-hash pyc (PEP 552)."""
    import importlib.util
    import marshal

    if sys.implementation.cache_tag != PYC_TAG:
        raise SystemExit(f"bytecode for Lambda's python3.11 must be compiled by CPython 3.11, not {sys.version}")
    code = compile(source, f"/var/task/{name}", "exec", dont_inherit=True)
    flags = 0b01  # hash-based, not checked against the source
    header = importlib.util.MAGIC_NUMBER + flags.to_bytes(4, "little") + importlib.util.source_hash(source)
    return header + marshal.dumps(code)


def version(target: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from chalicelib.version import from_checkout

    target.write_text(json.dumps(from_checkout(ROOT)) + "\n")


def main(argv: list[str]) -> None:
    command, *args = argv
    if command == "version":
        (target,) = args
        version(Path(target))
        return
    if command == "compile-templates":
        (target,) = args
        sys.path.insert(0, str(ROOT))
        from chalicelib.templating import compile_templates

        compile_templates(Path(target))
        return
    if command == "merge-template":
        stage, source, target = args
        merge_template(stage, Path(source), Path(target))
    elif command == "slim":
        (archive,) = args
        before, after = slim(Path(archive))
        print(f"{archive}: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
