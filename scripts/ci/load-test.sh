#!/usr/bin/env bash
# Usage: scripts/ci/load-test.sh <base-url>
# Smoke + load test of a deployed environment with Locust (tests/load/locustfile.py), headless:
#   LOAD_USERS (default 20) simulated users, spawned at LOAD_SPAWN_RATE (default 5/s), for LOAD_DURATION
#   (default 60s); fails (exit 9) when more than LOAD_MAX_FAIL_RATIO (0.005) of the requests fail or an
#   endpoint's p95 exceeds LOAD_MAX_P95_MS (500). Reports in artifacts/load-test/ (CSV + HTML).
# Locust comes from LOCUST (default: `locust` on PATH; the Jenkins pod template's image has it).
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "$0")/lib.sh"

base="${1:-}"
[[ "$base" =~ ^https?:// ]] || die "base URL must be http(s)://…, got '$base'" 2
locust="${LOCUST:-locust}"
command -v "$locust" >/dev/null || die "locust not found (set LOCUST or install locust==2.47.0)" 2
out="$(artifacts_dir)/load-test"
mkdir -p "$out"
log "load test: ${LOAD_USERS:-20} users for ${LOAD_DURATION:-60s} against $base"
if ! "$locust" -f "$REPO_ROOT/tests/load/locustfile.py" --headless --host "${base%/}" \
  --users "${LOAD_USERS:-20}" --spawn-rate "${LOAD_SPAWN_RATE:-5}" --run-time "${LOAD_DURATION:-60s}" \
  --stop-timeout 10 --csv "$out/stats" --html "$out/report.html" --only-summary >"$out/locust.log" 2>&1; then
  tail -n 25 "$out/locust.log" >&2
  die "load test failed against $base (reports: $out)" 9
fi
tail -n 25 "$out/locust.log"
