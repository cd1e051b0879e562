#!/usr/bin/env bash
# `make package STAGE=dev|prod`: the deployable artefacts in build/<stage>/.
#
#   build/<stage>/sam.json        Chalice's SAM template merged with infra/resources.yml
#   build/<stage>/deployment.zip  the Lambda bundle: app.py, chalicelib/ (with templates/), dependencies
#
# Needs no AWS account; Chalice may fetch manylinux wheels from PyPI.
# OUT_DIR overrides the output directory (the tests package into a temporary one).
set -euo pipefail
cd "$(dirname "$0")/.."

STAGE="${STAGE:-dev}"
OUT_DIR="${OUT_DIR:-build/$STAGE}"
BIN="${BIN:-.venv/bin}"
MERGE_TEMPLATE="build/merge-template-$STAGE.json"

# Chalice imports app.py to discover routes: import it as a deployed stage would be,
# never with the local runner's /dev routes. A region is needed, not credentials.
unset RENDEZVOUS_DEV_ROUTES RENDEZVOUS_OUTBOX_URL AWS_ENDPOINT_URL
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-eu-north-1}"

# Chalice bundles only app.py, chalicelib/ and vendor/: put the Jinja2 templates inside
# chalicelib/ while packaging, and take them out again so templates/ stays the one source.
rm -rf chalicelib/templates
trap 'rm -rf chalicelib/templates' EXIT
cp -R templates chalicelib/templates

"$BIN/python" scripts/bundle.py merge-template "$STAGE" infra/resources.yml "$MERGE_TEMPLATE"
rm -rf "$OUT_DIR"
"$BIN/chalice" package --stage "$STAGE" --merge-template "$MERGE_TEMPLATE" "$OUT_DIR"
"$BIN/python" scripts/bundle.py slim "$OUT_DIR/deployment.zip"
echo "Packaged stage $STAGE in $OUT_DIR: $(ls "$OUT_DIR" | tr '\n' ' ')"
