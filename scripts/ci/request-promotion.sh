#!/usr/bin/env bash
# Usage: scripts/ci/request-promotion.sh <app> <from-env> <to-env> [tag]   (tag defaults to artifacts/image-tag)
# Asks the portal for a promotion (it then collects approvals and does the GitOps commit):
#   POST ${PORTAL_URL}/api/promotions  {application, fromEnvironment, toEnvironment, imageTag, buildUrl}
# (the requester is the service token itself; the portal refuses unknown keys with 400)
#   Authorization: Bearer ${PORTAL_TOKEN}
# Writes the portal's JSON answer to ${ARTIFACTS_DIR:-artifacts}/promotion.json. Exit 0 on 2xx.
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "$0")/lib.sh"

app="${1:-}" from="${2:-}" to="${3:-}"
tag="$(image_tag_or_default "${4:-}")"
[[ "$app" =~ ^[a-z0-9-]+$ ]] || die "bad application name '$app'" 2
require_env_name "$from"
require_env_name "$to"
[ -n "$tag" ] || die "missing tag" 2
# Docker's tag grammar: a tag the registry could never hold is refused here, not by the portal.
[[ "$tag" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || die "bad image tag '$tag' (letters, digits, _ . -, at most 128)" 2
[ -n "${PORTAL_URL:-}" ] && [ -n "${PORTAL_TOKEN:-}" ] || die "PORTAL_URL and PORTAL_TOKEN must be set" 2
out="$(artifacts_dir)"
# Every value but the build URL is checked above to need no JSON escaping; the URL gets its \ and " escaped.
build_url="${BUILD_URL:-}"
build_url="${build_url//\\/\\\\}"
build_url="${build_url//\"/\\\"}"
body="$(printf '{"application":"%s","fromEnvironment":"%s","toEnvironment":"%s","imageTag":"%s","buildUrl":"%s"}' \
  "$app" "$from" "$to" "$tag" "$build_url")"
code="$(curl --silent --show-error --max-time 30 -o "$out/promotion.json" -w '%{http_code}' \
  -X POST -H "Authorization: Bearer $PORTAL_TOKEN" -H 'Content-Type: application/json' \
  --data "$body" "${PORTAL_URL%/}/api/promotions")" || die "portal unreachable at $PORTAL_URL"
[[ "$code" =~ ^2 ]] || die "portal refused the promotion request (HTTP $code): $(cat "$out/promotion.json")" 9
log "promotion $app $from → $to ($tag) requested: $(cat "$out/promotion.json")"
