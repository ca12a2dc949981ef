#!/usr/bin/env bash
# Usage: scripts/ci/tofu-plan.sh <dev|staging|prod>
# Plans an OpenTofu environment and writes into ${ARTIFACTS_DIR:-artifacts}/:
#   plan.tfplan   the saved plan (what tofu-apply.sh applies)
#   plan.json     `tofu show -json` of it (the portal's per-resource summary)
#   plan.txt      the human-readable plan, no colour
#   plan.sha256   sha256 of plan.tfplan (apply is bound to it)
#   plan-meta.json {environment, sha256, changes, sandbox, tofu_version, git_commit}
# Exit 0 when a plan was written (with or without changes), non-zero on any error.
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "$0")/lib.sh"

env="${1:-}"
require_env_name "$env"
dir="$(env_dir "$env")"
out="$(artifacts_dir)"
rm -f "$out"/plan.tfplan "$out"/plan.json "$out"/plan.txt "$out"/plan.sha256 "$out"/plan-meta.json

tofu_init_env "$env"

mapfile -t var_args < <(tofu_var_args "$env")
log "tofu plan ($env$(is_sandbox && echo ', sandbox: moto at '"$AWS_ENDPOINT_URL"))"
set +e
tofu_in "$dir" plan -input=false -lock-timeout=5m -detailed-exitcode "${var_args[@]}" -out="$out/plan.tfplan"
rc=$?
set -e
case $rc in
  0) changes=false ;;
  2) changes=true ;;
  *) die "tofu plan failed (exit $rc)" "$rc" ;;
esac

tofu_in "$dir" show -json "$out/plan.tfplan" >"$out/plan.json"
tofu_in "$dir" show -no-color "$out/plan.tfplan" >"$out/plan.txt"
sha="$(sha256sum "$out/plan.tfplan" | cut -d' ' -f1)"
printf '%s\n' "$sha" >"$out/plan.sha256"
tofu_version="$(tofu version -json | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p')"
commit="$(git -C "$REPO_ROOT" rev-parse HEAD 2>/dev/null || echo unknown)"
sandbox=false
is_sandbox && sandbox=true
printf '{"environment":"%s","sha256":"%s","changes":%s,"sandbox":%s,"tofu_version":"%s","git_commit":"%s"}\n' \
  "$env" "$sha" "$changes" "$sandbox" "$tofu_version" "$commit" >"$out/plan-meta.json"

log "plan written: $out/plan.tfplan (sha256 $sha, changes: $changes)"
