#!/usr/bin/env bash
# `make package STAGE=dev|prod`: the deployable artefacts in build/<stage>/.
#
#   build/<stage>/sam.json        Chalice's SAM template merged with infra/resources.yml
#   build/<stage>/deployment.zip  the Lambda bundle: app.py, chalicelib/ (with templates/), dependencies
#
# Needs no AWS account. The dependencies are exactly requirements.lock: pip installs them,
# hash-checked, as manylinux2014 x86_64 wheels for CPython 3.11 (Lambda's python3.11 runtime)
# into vendor/ of a staging copy, and Chalice bundles that copy. Chalice never resolves anything.
# OUT_DIR overrides the output directory (the tests package into a temporary one).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

STAGE="${STAGE:-dev}"
OUT_DIR="${OUT_DIR:-build/$STAGE}"
case "$OUT_DIR" in /*) ;; *) OUT_DIR="$ROOT/$OUT_DIR" ;; esac
BIN="${BIN:-.venv/bin}"
case "$BIN" in /*) ;; *) BIN="$ROOT/$BIN" ;; esac
MERGE_TEMPLATE="$OUT_DIR.merge-template.json"
STAGING="$(mktemp -d "${TMPDIR:-/tmp}/rendezvous-package.XXXXXX")"
trap 'rm -rf "$STAGING"' EXIT

# Chalice imports app.py to discover routes: import it as a deployed stage would be,
# never with the local runner's /dev routes. A region is needed, not credentials.
unset RENDEZVOUS_DEV_ROUTES RENDEZVOUS_OUTBOX_URL AWS_ENDPOINT_URL
# As deployed: recruiter routes behind API Gateway's Cognito authorizer (chalicelib/api/auth.py).
export RENDEZVOUS_AUTH=cognito
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-eu-north-1}"

# The staging copy: the code, the Chalice config, the templates inside chalicelib/ (Chalice
# bundles only app.py, chalicelib/ and vendor/), and no requirements.txt for Chalice to resolve.
mkdir -p "$STAGING/.chalice"
cp app.py "$STAGING/"
cp .chalice/config.json .chalice/policy-*.json "$STAGING/.chalice/"
(cd "$ROOT" && tar cf - --exclude='__pycache__' --exclude='*.pyc' --exclude='chalicelib/templates' chalicelib) | tar xf - -C "$STAGING"
cp -R templates "$STAGING/chalicelib/templates"
"$BIN/python" scripts/bundle.py compile-templates "$STAGING/chalicelib/compiled_templates"
"$BIN/python" scripts/bundle.py version "$STAGING/chalicelib/build.json"

"$BIN/python" -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps --no-compile \
  --only-binary=:all: --platform manylinux2014_x86_64 --implementation cp --python-version 3.11 --abi cp311 \
  --target "$STAGING/vendor" -r requirements.lock

mkdir -p "$(dirname "$OUT_DIR")"
"$BIN/python" scripts/bundle.py merge-template "$STAGE" infra/resources.yml "$MERGE_TEMPLATE"
rm -rf "$OUT_DIR"
(cd "$STAGING" && "$BIN/chalice" package --stage "$STAGE" --merge-template "$MERGE_TEMPLATE" "$OUT_DIR")
rm -f "$MERGE_TEMPLATE"
"$BIN/python" scripts/bundle.py slim "$OUT_DIR/deployment.zip"
echo "Packaged stage $STAGE in $OUT_DIR: $(ls "$OUT_DIR" | tr '\n' ' ')"
