#!/usr/bin/env bash
# Usage: scripts/ci/tofu-apply.sh <dev|staging|prod> <expected-plan-sha256>
# Applies ${ARTIFACTS_DIR:-artifacts}/plan.tfplan, and only if its sha256 is the one that was approved:
# a plan whose hash differs (or a missing plan) is refused before OpenTofu runs. OpenTofu itself then
# refuses a saved plan whose state has moved on since it was made (stale plan).
# Writes apply.txt (the apply output) and apply-meta.json next to the plan.
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "$0")/lib.sh"

env="${1:-}"
expected="${2:-}"
require_env_name "$env"
[[ "$expected" =~ ^[0-9a-f]{64}$ ]] || die "expected plan sha256 must be 64 lowercase hex digits, got '${expected}'" 2
dir="$(env_dir "$env")"
out="$(artifacts_dir)"
plan="$out/plan.tfplan"

[ -f "$plan" ] || die "no plan at $plan: run the plan job (or fetch its artifacts) first" 3
actual="$(sha256sum "$plan" | cut -d' ' -f1)"
if [ "$actual" != "$expected" ]; then
  die "REFUSED: plan sha256 mismatch for $env — approved $expected, found $actual. Re-plan and approve the new plan." 4
fi
log "plan sha256 matches the approved one ($actual)"

tofu_init_env "$env"
log "tofu apply ($env)"
set +e
tofu_in "$dir" apply -input=false -lock-timeout=5m -auto-approve "$plan" 2>&1 | tee "$out/apply.txt"
rc=${PIPESTATUS[0]}
set -e
printf '{"environment":"%s","sha256":"%s","exit_code":%d}\n' "$env" "$actual" "$rc" >"$out/apply-meta.json"
[ "$rc" -eq 0 ] || die "tofu apply failed (exit $rc)" "$rc"
log "applied $env"
