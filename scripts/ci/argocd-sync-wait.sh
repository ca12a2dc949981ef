#!/usr/bin/env bash
# Usage: scripts/ci/argocd-sync-wait.sh <argocd-application> [timeout-seconds]
# Asks Argo CD to sync the application (REST API /api/v1), then polls until it is Synced and Healthy.
#   ARGOCD_URL, ARGOCD_TOKEN (Bearer JWT of the project role proj:nura-system:jenkins)
#   EXPECTED_REVISION  optional: the GitOps commit that must be the synced revision
# Exit 0 Synced+Healthy; 6 Degraded or the sync operation Failed/Error; 7 timeout.
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "$0")/lib.sh"

app="${1:-}"
timeout="${2:-300}"
[[ "$app" =~ ^[a-z0-9-]+$ ]] || die "bad application name '$app'" 2
[ -n "${ARGOCD_URL:-}" ] && [ -n "${ARGOCD_TOKEN:-}" ] || die "ARGOCD_URL and ARGOCD_TOKEN must be set" 2
api="${ARGOCD_URL%/}/api/v1/applications/$app"
interval="${ARGOCD_POLL_SECONDS:-3}"

call() { # method path-suffix [json-body]
  local args=(--silent --show-error --fail-with-body --max-time 30 -H "Authorization: Bearer $ARGOCD_TOKEN")
  [ "$1" = GET ] || args+=(-X "$1" -H 'Content-Type: application/json' --data "${3:-{\}}")
  curl "${args[@]}" "$api$2"
}
field() { python3 -c 'import json,sys
d=json.load(sys.stdin)
for k in sys.argv[1].split("."):
    d=(d or {}).get(k) if isinstance(d, dict) else None
print("" if d is None else d)' "$1"; }

log "sync $app"
call POST /sync '{"prune":true,"dryRun":false}' >/dev/null || die "sync request for $app failed"
deadline=$(($(date +%s) + timeout))
while :; do
  body="$(call GET "")" || die "could not read $app"
  sync="$(field status.sync.status <<<"$body")"
  health="$(field status.health.status <<<"$body")"
  phase="$(field status.operationState.phase <<<"$body")"
  revision="$(field status.sync.revision <<<"$body")"
  log "$app: sync=$sync health=$health operation=${phase:-none} revision=${revision:0:12}"
  case "$phase" in Failed | Error) die "sync operation of $app ended $phase" 6 ;; esac
  [ "$health" = Degraded ] && die "$app is Degraded" 6
  if [ "$sync" = Synced ] && [ "$health" = Healthy ] && [ "$phase" != Running ] &&
    { [ -z "${EXPECTED_REVISION:-}" ] || [ "$revision" = "$EXPECTED_REVISION" ]; }; then
    log "$app is Synced and Healthy"
    exit 0
  fi
  [ "$(date +%s)" -lt "$deadline" ] || die "timed out after ${timeout}s waiting for $app" 7
  sleep "$interval"
done
