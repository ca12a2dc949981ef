#!/usr/bin/env bash
# Usage: tests/infra/e2e-moto.sh
# End to end against moto's server (started here on 127.0.0.1:${MOTO_PORT:-5055}, stopped on exit):
#   1. scripts/ci/tofu-plan.sh dev      (bootstraps the state bucket + KMS key in moto, S3 backend with
#                                        lockfile, state encryption with the KMS key, sandbox.tfvars)
#   2. scripts/ci/tofu-apply.sh dev <that plan's sha256>, after checking a wrong hash is refused
#   3. scripts/ci/tofu-plan.sh dev again: must report no changes (plan -detailed-exitcode 0)
#   4. tofu destroy, then a plan that would create everything again (nothing left behind in state)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export PATH="$root/.toolchain/bin:$PATH"
port="${MOTO_PORT:-5055}"
work="$(mktemp -d)"
log="$work/moto.log"

moto_server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto_pid=$!
cleanup() {
  kill "$moto_pid" 2>/dev/null || true
  wait "$moto_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/moto-api/data.json" >/dev/null 2>&1 && break
  kill -0 "$moto_pid" 2>/dev/null || { cat "$log" >&2; echo "moto_server exited" >&2; exit 1; }
  sleep 0.5
done
echo "moto_server up on 127.0.0.1:$port (pid $moto_pid)"

export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
# S3 Control puts the account id in front of the host (123456789012.<endpoint>), which 127.0.0.1 cannot
# carry: give it a name that /etc/hosts maps to loopback, with the account-prefixed alias.
s3control_host="s3-control.nura.test"
if ! getent hosts "123456789012.$s3control_host" >/dev/null; then
  [ "$(id -u)" -eq 0 ] || { echo "e2e: needs root to map $s3control_host in /etc/hosts" >&2; exit 1; }
  echo "127.0.0.1 $s3control_host 123456789012.$s3control_host" >>/etc/hosts
fi
export AWS_ENDPOINT_URL_S3_CONTROL="http://$s3control_host:$port"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=eu-west-1 AWS_DEFAULT_REGION=eu-west-1
export SANDBOX_STATE_DIR="$work/state" TOFU_DATA_ROOT="$work/tofu-data"
export ARTIFACTS_DIR="$work/plan1"

t0=$(date +%s)
scripts/ci/tofu-plan.sh dev
grep -q '"changes":true' "$ARTIFACTS_DIR/plan-meta.json"
python3 - "$ARTIFACTS_DIR/plan.json" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
creates = [r["address"] for r in plan["resource_changes"] if r["change"]["actions"] == ["create"]]
assert len(creates) > 80, len(creates)
print(f"plan: {len(creates)} resources to create")
PY

if scripts/ci/tofu-apply.sh dev "$(printf '0%.0s' $(seq 64))" 2>"$work/refused.txt"; then
  echo "apply with a wrong plan hash was not refused" >&2; exit 1
fi
grep -q "REFUSED: plan sha256 mismatch" "$work/refused.txt"
scripts/ci/tofu-apply.sh dev "$(cat "$ARTIFACTS_DIR/plan.sha256")"
t_apply=$(($(date +%s) - t0))

export ARTIFACTS_DIR="$work/plan2"
scripts/ci/tofu-plan.sh dev
if ! grep -q '"changes":false' "$ARTIFACTS_DIR/plan-meta.json"; then
  echo "re-plan after apply is not empty:" >&2
  grep -E '^  # |will be|must be' "$ARTIFACTS_DIR/plan.txt" >&2 || cat "$ARTIFACTS_DIR/plan.txt" >&2
  exit 1
fi
echo "re-plan after apply: no changes"

# The applied state really lives in moto's S3 bucket, encrypted by OpenTofu (not plain JSON).
# moto's own Python (boto3 comes with moto[server]) reads the object with signed requests, as SSE-KMS needs.
"$(dirname "$(readlink -f "$(command -v moto_server)")")/python" - <<'PY'
import boto3
body = boto3.client("s3").get_object(Bucket="nura-dev-tofu-state-123456789012", Key="environments/dev/terraform.tfstate")["Body"].read()
assert b'"encrypted_data"' in body and b'"resources"' not in body, body[:200]
print(f"state object in moto S3: {len(body)} bytes, OpenTofu-encrypted")
PY
. scripts/ci/lib.sh
dir="$(env_dir dev)"
tofu_in "$dir" destroy -input=false -auto-approve -var-file="$dir/sandbox.tfvars" >"$work/destroy.txt" 2>&1 ||
  { tail -40 "$work/destroy.txt" >&2; exit 1; }
tail -1 "$work/destroy.txt"
left="$(tofu_in "$dir" state list 2>/dev/null | wc -l)"
[ "$left" -eq 0 ] || { echo "state still lists $left resources after destroy" >&2; exit 1; }
echo "e2e: plan+apply ${t_apply}s, destroy clean; total $(($(date +%s) - t0))s"
