#!/usr/bin/env bash
# Usage: scripts/ci/smoke-test.sh <base-url> [path...]
# GETs each path (default /health and /ready) until it answers 2xx, retrying for SMOKE_TIMEOUT seconds
# (default 120). Exit 0 when every path answered, 8 otherwise.
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "$0")/lib.sh"

base="${1:-}"
[[ "$base" =~ ^https?:// ]] || die "base URL must be http(s)://…, got '$base'" 2
shift
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=(/health /ready)
deadline=$(($(date +%s) + ${SMOKE_TIMEOUT:-120}))
for p in "${paths[@]}"; do
  until code="$(curl --silent --output /dev/null --write-out '%{http_code}' --max-time 10 "${base%/}$p")" && [[ "$code" =~ ^2 ]]; do
    [ "$(date +%s)" -lt "$deadline" ] || die "smoke test failed: ${base%/}$p answered ${code:-nothing}" 8
    sleep 2
  done
  log "smoke: ${base%/}$p → $code"
done
