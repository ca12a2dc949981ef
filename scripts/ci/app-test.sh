#!/usr/bin/env bash
# Usage: scripts/ci/app-test.sh
# The fast gate before an image is built: lint, type check and unit tests, measuring their coverage
# (artifacts/coverage/coverage-summary.json, which coverage-gate.sh checks in the next stage).
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
log "lint";       npm run --silent lint
log "typecheck";  npm run --silent typecheck
out="$(artifacts_dir)"
log "unit tests (coverage → $out/coverage)"
npx vitest run --project unit --coverage.enabled --coverage.provider=v8 \
  --coverage.reporter=json-summary --coverage.reporter=text-summary --coverage.reportsDirectory="$out/coverage"
