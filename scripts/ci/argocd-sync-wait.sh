#!/usr/bin/env bash
# Usage: scripts/ci/argocd-sync-wait.sh <argocd-application> [timeout-seconds] [expected-revision]
# Asks Argo CD to sync the application (REST API /api/v1), then waits for THAT operation to finish
# Synced and Healthy.
#   ARGOCD_URL, ARGOCD_TOKEN (Bearer JWT of the project role proj:nura-system:jenkins)
#   expected-revision  (or EXPECTED_REVISION) the GitOps commit the deploy must contain: a full SHA, or
#                      "pushed" for the commit gitops-set-tag.sh recorded in $ARTIFACTS_DIR/gitops.json
#                      (what the Jenkinsfile passes). Without it, the revision Argo CD resolved the sync to.
#   GITOPS_REPO_URL    optional: lets a later commit of the branch count when it contains EXPECTED_REVISION
#                      (another pipeline pushed after ours and Argo CD synced both).
# Why it waits for its own operation: right after POST …/sync Argo CD only records the request in the
# Application's `.operation` and clears status.operationState; its controller starts the operation a
# moment later. Until then every read still shows the previous state (Synced, Healthy, maybe Degraded
# or Failed from the last release), which says nothing about this deploy.
# Exit 0 Synced+Healthy on the revision; 6 Degraded or the operation Failed/Error; 7 timeout.
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "$0")/lib.sh"

app="${1:-}"
timeout="${2:-300}"
[[ "$app" =~ ^[a-z0-9-]+$ ]] || die "bad application name '$app'" 2
[ -n "${ARGOCD_URL:-}" ] && [ -n "${ARGOCD_TOKEN:-}" ] || die "ARGOCD_URL and ARGOCD_TOKEN must be set" 2
expected="${3:-${EXPECTED_REVISION:-}}"
if [ "$expected" = pushed ]; then
  pushed_file="$(artifacts_dir)/gitops.json"
  [ -f "$pushed_file" ] || die "no $pushed_file: gitops-set-tag.sh writes it" 2
  expected="$(python3 -c 'import json,sys; print(json.load(sys.stdin).get("commit", ""))' <"$pushed_file")"
fi
[ -z "$expected" ] || [[ "$expected" =~ ^[0-9a-f]{40}$ ]] || die "EXPECTED_REVISION must be a full commit SHA, got '$expected'" 2
api="${ARGOCD_URL%/}/api/v1/applications/$app"
interval="${ARGOCD_POLL_SECONDS:-3}"

call() { # method path-suffix [json-body]
  local args=(--silent --show-error --fail-with-body --max-time 30 -H "Authorization: Bearer $ARGOCD_TOKEN")
  [ "$1" = GET ] || args+=(-X "$1" -H 'Content-Type: application/json' --data "${3:-{\}}")
  curl "${args[@]}" "$api$2"
}
# field <dotted.path>...: each path's value of the JSON on stdin, one a line ("" when absent), read in one go.
field() { python3 -c 'import json,sys
doc=json.load(sys.stdin)
for path in sys.argv[1:]:
    d=doc
    for k in path.split("."):
        d=(d or {}).get(k) if isinstance(d, dict) else None
    print("" if d is None else d)' "$@"; }

# Does the synced revision contain the expected commit? Equal, or a descendant on the GitOps branch.
declare -A contains_cache=()
contains_expected() { # revision
  local rev="$1" tmp ok=1
  [ -n "$expected" ] || return 1
  [ "$rev" = "$expected" ] && return 0
  [ -n "${GITOPS_REPO_URL:-}" ] || return 1
  [ -n "${contains_cache[$rev]:-}" ] && return "${contains_cache[$rev]}"
  tmp="$(mktemp -d)"
  if git init --quiet --bare "$tmp" &&
    git -C "$tmp" fetch --quiet --filter=blob:none "$GITOPS_REPO_URL" "${GITOPS_BRANCH:-main}" 2>/dev/null &&
    git -C "$tmp" merge-base --is-ancestor "$expected" "$rev" 2>/dev/null; then
    ok=0
  fi
  rm -rf "$tmp"
  contains_cache[$rev]=$ok
  return "$ok"
}

log "sync $app${expected:+ (expecting ${expected:0:12})}"
if response="$(call POST /sync '{"prune":true,"dryRun":false}')"; then
  requested="$(field operation.sync.revision <<<"$response")"
  log "$app: Argo CD accepted the sync of ${requested:0:12}"
else
  # An auto-sync environment may have started on the commit already: wait for that operation instead.
  case "$response" in
    *"another operation is already in progress"*) requested="" && log "$app: an operation is already in progress; waiting for it" ;;
    *) die "sync request for $app failed: $response" ;;
  esac
fi
want="${expected:-$requested}"
deadline=$(($(date +%s) + timeout))
while :; do
  body="$(call GET "")" || die "could not read $app"
  fields="$(field operation.sync.revision status.sync.status status.health.status status.operationState.phase \
    status.operationState.syncResult.revision status.operationState.operation.sync.revision <<<"$body")"
  # $(…) dropped the trailing empty lines: a read past the end sets its variable to "" (and returns 1).
  { read -r pending; read -r sync; read -r health; read -r phase; read -r synced; read -r operated; } <<<"$fields" || :
  [ -n "$want" ] || want="$pending"
  [ -n "$synced" ] || synced="$operated"
  log "$app: sync=$sync health=$health operation=${phase:-none} on ${synced:0:12}${pending:+ (requested ${pending:0:12})}"
  # Only a completed operation (nothing left in .operation) on the wanted revision says anything.
  if [ -z "$pending" ] && [ -n "$want" ] && [ -n "$synced" ] && { [ "$synced" = "$want" ] || contains_expected "$synced"; }; then
    case "$phase" in
      Failed | Error) die "sync operation of $app on ${synced:0:12} ended $phase: $(field status.operationState.message <<<"$body")" 6 ;;
      Succeeded)
        [ "$health" = Degraded ] && die "$app is Degraded on ${synced:0:12}" 6
        if [ "$sync" = Synced ] && [ "$health" = Healthy ]; then
          log "$app is Synced and Healthy on ${synced:0:12}"
          exit 0
        fi
        ;;
    esac
  fi
  [ "$(date +%s)" -lt "$deadline" ] || die "timed out after ${timeout}s waiting for $app" 7
  sleep "$interval"
done
