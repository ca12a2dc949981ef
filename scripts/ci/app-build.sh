#!/usr/bin/env bash
# Usage: scripts/ci/app-build.sh
# Decides the image tag (app-version.sh → artifacts/image-tag), installs the locked npm dependencies, generates the Prisma client and builds the portal (Next.js
# standalone output, the same build the Dockerfile runs).
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "$0")/lib.sh"
"$REPO_ROOT/scripts/ci/app-version.sh"
cd "$REPO_ROOT"
log "npm ci"
npm ci --no-audit --no-fund --loglevel=error
npm run --silent db:generate
log "next build"
npm run --silent build
