#!/usr/bin/env bash
# Usage: scripts/ci/app-test.sh
# The fast gate before an image is built: lint, type check and unit tests.
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
log "lint";       npm run --silent lint
log "typecheck";  npm run --silent typecheck
log "unit tests"; npm run --silent test:unit
