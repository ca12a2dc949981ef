#!/usr/bin/env bash
# Usage: scripts/ci/argocd-cluster-secret.sh <env>
# After an apply: reads the environment's `argocd_cluster` output from its state and renders its Argo CD
# cluster Secret (argocd-cluster-secret.py) into artifacts/argocd-cluster-<env>.yaml, for the hub's
# argocd namespace. The Secret holds no credential (Argo CD authenticates with its IAM role), so it can
# travel through the GitOps repository like any manifest.
# Exit 2: bad argument or an output without the Secret's fields; else tofu's.
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "$0")/lib.sh"

env="${1:-}"
require_env_name "$env"
out="$(artifacts_dir)"
dir="$(env_dir "$env")"
tofu_init_env "$env"
tofu_in "$dir" output -json argocd_cluster >"$out/argocd-cluster-$env.json"
python3 "$REPO_ROOT/scripts/ci/argocd-cluster-secret.py" "$out/argocd-cluster-$env.json" >"$out/argocd-cluster-$env.yaml"
log "rendered $out/argocd-cluster-$env.yaml from the $env state"
