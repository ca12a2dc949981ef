#!/usr/bin/env bash
# Usage: tests/infra/e2e-moto.sh
# End to end against moto's server (started here on 127.0.0.1:${MOTO_PORT:-5055}, stopped on exit):
#   1. scripts/ci/tofu-plan.sh dev      (bootstraps the state bucket + KMS key in moto, S3 backend with
#                                        lockfile, state encryption with the KMS key, sandbox.tfvars)
#   2. scripts/ci/tofu-apply.sh dev <that plan's sha256>, after checking a wrong hash is refused
#   3. scripts/ci/tofu-plan.sh dev again: must report no changes (plan -detailed-exitcode 0); so must a
#      plan of infra/bootstrap (the state bucket and key); dev's Argo CD cluster Secret rendered from the applied
#      output names moto's cluster and holds every annotation the add-on ApplicationSets read (argocd_bridge.py)
#   4. tofu destroy: the state lists nothing, and moto holds no VPC, cluster, database, cache or role of dev
# moto runs through tests/infra/moto_fidelity.py (a few of its answers fixed to match AWS; see there).
# E2E_KEEP=1 keeps the work directory (plans, moto log, local bootstrap state) for a look afterwards.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export PATH="$root/.toolchain/bin:$PATH"
port="${MOTO_PORT:-5055}"
work="$(mktemp -d)"
log="$work/moto.log"

moto_python="$(dirname "$(readlink -f "$(command -v moto_server)")")/python"
# moto_server with the fidelity fixes the round trip needs (tests/infra/moto_fidelity.py says which and
# why). The node, cluster and RDS monitoring roles attach AWS managed policies, which moto only loads
# when asked.
MOTO_IAM_LOAD_MANAGED_POLICIES=true "$moto_python" tests/infra/moto_fidelity.py -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto_pid=$!
cleanup() {
  kill "$moto_pid" 2>/dev/null || true
  wait "$moto_pid" 2>/dev/null || true
  if [ -n "${E2E_KEEP:-}" ]; then echo "e2e: kept $work (plans, logs, state)"; else rm -rf "$work"; fi
}
trap cleanup EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/moto-api/data.json" >/dev/null 2>&1 && break
  kill -0 "$moto_pid" 2>/dev/null || { cat "$log" >&2; echo "moto_server exited" >&2; exit 1; }
  sleep 0.5
done
echo "moto_server up on 127.0.0.1:$port (pid $moto_pid)"

export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
# S3 Control (bucket tags) needs no hosts entry: scripts/ci/lib.sh (sourced by every CI script, and
# below) sends it through moto as an HTTP proxy; sandbox_s3_control_env there says why and how.
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
  echo "re-plan after apply is not empty (resource: actions, attributes that differ):" >&2
  python3 - "$ARTIFACTS_DIR/plan.json" >&2 <<'PY'
import json, sys
for change in json.load(open(sys.argv[1]))["resource_changes"]:
    c = change["change"]
    if c["actions"] in (["no-op"], ["read"]):
        continue
    before, after, unknown = c["before"] or {}, c["after"] or {}, c.get("after_unknown") or {}
    differ = sorted(k for k in {*before, *after} if before.get(k) != after.get(k) and not unknown.get(k))
    forced = [".".join(map(str, p)) for p in c.get("replace_paths") or []]
    print(f"  {change['address']}: {'/'.join(c['actions'])}  {differ}" + (f"  forces replacement: {forced}" if forced else ""))
PY
  exit 1
fi
echo "re-plan after apply: no changes"

# GitOps bridge (issue 16, defect 8): the applied state's argocd_cluster output renders dev's Argo CD cluster
# Secret, and it names the cluster moto created (its endpoint and CA), not a hand-copied placeholder.
scripts/ci/argocd-cluster-secret.sh dev
python3 - "$ARTIFACTS_DIR/argocd-cluster-dev.yaml" "$moto_python" <<'PY'
import json, subprocess, sys
secret = json.loads(open(sys.argv[1]).read().removeprefix("---\n"))  # JSON written as one YAML document
cluster = json.loads(subprocess.run([sys.argv[2], "-c", "import boto3, json; print(json.dumps(boto3.client('eks').describe_cluster(name='nura-dev')['cluster'], default=str))"], check=True, capture_output=True, text=True).stdout)
data = secret["stringData"]
config = json.loads(data["config"])
assert secret["metadata"]["labels"]["argocd.argoproj.io/secret-type"] == "cluster", secret["metadata"]
assert data["server"] == cluster["endpoint"], (data["server"], cluster["endpoint"])
assert config["awsAuthConfig"]["clusterName"] == "nura-dev", config
assert config["tlsClientConfig"]["caData"] == cluster["certificateAuthority"]["data"], config["tlsClientConfig"]
print(f"Argo CD cluster Secret from the dev state: server {data['server']}, CA from moto's cluster")
PY
# ... and the add-on ApplicationSets' cluster generators find in that real Secret every annotation their
# templates read for dev, non-empty (tests/infra/argocd_bridge.py evaluates them as Argo CD does).
python3 tests/infra/argocd_bridge.py check-secret "$ARTIFACTS_DIR/argocd-cluster-dev.yaml"

# The bootstrap root (its state bucket and key, applied before each plan above) has converged too.
. scripts/ci/lib.sh
bootstrap_rc=0
tofu_in "$root/infra/bootstrap" plan -detailed-exitcode -input=false -var-file="$root/infra/bootstrap/sandbox.tfvars" \
  -var=environment=dev >"$work/bootstrap-plan.txt" 2>&1 || bootstrap_rc=$?
[ "$bootstrap_rc" -eq 0 ] || { tail -40 "$work/bootstrap-plan.txt" >&2; echo "bootstrap re-plan: exit $bootstrap_rc, not 0 (no changes)" >&2; exit 1; }
echo "bootstrap re-plan: no changes"

# The applied state really lives in moto's S3 bucket, encrypted by OpenTofu (not plain JSON).
# moto's own Python (boto3 comes with moto[server]) reads the object with signed requests, as SSE-KMS needs.
"$moto_python" - <<'PY'
import json
import boto3
body = boto3.client("s3").get_object(Bucket="nura-dev-tofu-state-123456789012", Key="environments/dev/terraform.tfstate")["Body"].read()
assert b'"encrypted_data"' in body and b'"resources"' not in body, body[:200]
print(f"state object in moto S3: {len(body)} bytes, OpenTofu-encrypted")
# dev hosts CI: the account's image repositories exist as ECR reports them (immutable tags, scan on push, KMS).
repos = {r["repositoryName"]: r for r in boto3.client("ecr").describe_repositories()["repositories"]}
assert set(repos) == {"nura-core", "nura-ui", "nura-portal", "ci/nura-tofu"}, sorted(repos)
for name, r in repos.items():
    assert r["imageTagMutability"] == "IMMUTABLE" and r["imageScanningConfiguration"]["scanOnPush"], (name, r)
    assert r["encryptionConfiguration"]["encryptionType"] == "KMS", (name, r)
print(f"ECR in moto: {len(repos)} repositories, immutable tags, scan on push, KMS")
# The logs key (infra/modules/monitoring through kms-key) lets CloudWatch Logs and alarms use it beside the
# account's own administration: the statements the module adds reach the key policy AWS stores.
kms = boto3.client("kms")
aliases = {a["AliasName"]: a.get("TargetKeyId") for a in kms.list_aliases()["Aliases"]}
logs_key = aliases["alias/nura-dev-logs"]
policy = json.loads(kms.get_key_policy(KeyId=logs_key, PolicyName="default")["Policy"])
sids = sorted(s["Sid"] for s in policy["Statement"])
assert sids == ["AccountAdministers", "CloudWatchAlarmsPublish", "CloudWatchLogsUse"], sids
for alias in ("alias/nura-dev-logs", "alias/nura-dev-eks-secrets"):
    assert kms.get_key_rotation_status(KeyId=aliases[alias])["KeyRotationEnabled"], alias
print(f"KMS in moto: the logs key's policy has {sids}; it and the EKS secrets key rotate")
PY
dir="$(env_dir dev)"
tofu_in "$dir" destroy -input=false -auto-approve -var-file="$dir/sandbox.tfvars" >"$work/destroy.txt" 2>&1 ||
  { tail -40 "$work/destroy.txt" >&2; exit 1; }
tail -1 "$work/destroy.txt"
left="$(tofu_in "$dir" state list 2>/dev/null | wc -l)"
[ "$left" -eq 0 ] || { echo "state still lists $left resources after destroy" >&2; exit 1; }
# Nothing the environment created is left in moto either (the VPC, cluster, database, cache, roles).
"$moto_python" - <<'PY'
import boto3
left = {
    "VPCs": [v["VpcId"] for v in boto3.client("ec2").describe_vpcs()["Vpcs"] if not v["IsDefault"]],
    "EKS clusters": boto3.client("eks").list_clusters()["clusters"],
    "RDS instances": [d["DBInstanceIdentifier"] for d in boto3.client("rds").describe_db_instances()["DBInstances"]],
    "Redis groups": [g["ReplicationGroupId"] for g in boto3.client("elasticache").describe_replication_groups()["ReplicationGroups"]],
    "IAM roles": [r["RoleName"] for r in boto3.client("iam").list_roles()["Roles"] if r["RoleName"].startswith("nura-dev")],
    "ECR repositories": [r["repositoryName"] for r in boto3.client("ecr").describe_repositories()["repositories"]],
}
assert not any(left.values()), f"left in moto after destroy: { {k: v for k, v in left.items() if v} }"
print("moto after destroy: no VPC, cluster, database, cache, ECR repository or nura-dev role left")
PY
echo "e2e: plan+apply ${t_apply}s, destroy clean; total $(($(date +%s) - t0))s"
