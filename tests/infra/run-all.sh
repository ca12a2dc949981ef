#!/usr/bin/env bash
# Usage: tests/infra/run-all.sh [stage...]      (default: $INFRA_TEST_STAGES, else every stage)
# The infrastructure tree checked with the real tools; first it asks scripts/toolchain/install.sh for the
# tools the chosen stages need (built once, cached). Stages, in order:
#   tofu-fmt     tofu fmt -check -recursive infra
#   tofu-static  init (offline, provider mirror) + validate of bootstrap, every module, every env
#   tofu-test    tofu test of infra/environments/tests against each environment root (mock AWS provider)
#   helm         helm lint --strict per chart × env; helm template | kubeconform -strict (schemas generated
#                offline from the vendored contracts/ by tests/infra/gen-kube-schemas.py)
#   manifests    kubeconform -strict of infra/argocd and infra/monitoring CRs (Argo CD / prometheus-operator CRDs),
#                the add-on manifests (StorageClass) and the Jenkins agents' ServiceAccounts
#   checkov      checkov on infra/ (terraform), the Dockerfile and the rendered charts: zero failed checks
#   monitoring   promtool check + test rules (every alert has a firing test)
#   jenkins      Groovy 2.4 parse + shape check of the three Jenkinsfiles; then Groovy 5 executes them and
#                the Job DSL seed with mocked steps (tests/infra/jenkins/JenkinsfileTests.groovy)
#   pytest       tests/infra/*.py: CI scripts, rendered-chart assertions, dashboards, environment drift
#   e2e          moto's server on 127.0.0.1:${MOTO_PORT:-5055}: dev apply → re-plan empty → destroy
# Prints each stage's wall time and a total at the end.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export PATH="$root/.toolchain/bin:$PATH"
# The toolchain's CLI config (provider mirror), unless the caller points at another existing one.
[ -f "${TF_CLI_CONFIG_FILE:-}" ] || export TF_CLI_CONFIG_FILE="$root/.toolchain/tofu.rc"
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
build="$root/.toolchain/build/infra"
mkdir -p "$build"
all_stages=(tofu-fmt tofu-static tofu-test helm manifests checkov monitoring jenkins pytest e2e)
stages=("$@")
[ ${#stages[@]} -gt 0 ] || read -r -a stages <<<"${INFRA_TEST_STAGES:-${all_stages[*]}}"

# The toolchain components the chosen stages need (no stage runs without its real tool).
declare -A need=(
  [tofu-fmt]="opentofu" [tofu-static]="opentofu aws-provider" [tofu-test]="opentofu aws-provider"
  [helm]="helm kubeconform python-tools" [manifests]="kubeconform python-tools" [checkov]="python-tools helm kubeconform"
  [monitoring]="" [jenkins]="groovy python-tools" [pytest]="helm kubeconform python-tools" [e2e]="opentofu aws-provider python-tools"
)
components=()
for s in "${stages[@]}"; do
  [ -n "${need[$s]+x}" ] || { echo "unknown stage $s (${all_stages[*]})" >&2; exit 2; }
  for c in ${need[$s]}; do [[ " ${components[*]} " == *" $c "* ]] || components+=("$c"); done
done
[ ${#components[@]} -eq 0 ] || scripts/toolchain/install.sh "${components[@]}"
command -v promtool >/dev/null || { echo "missing promtool: run 'make system-deps' (Debian prometheus)" >&2; exit 1; }
# The toolchain venv's Python (pytest, PyYAML pinned in scripts/toolchain/requirements.txt), not the machine's.
tools_python() { printf '%s/python\n' "$(dirname "$(readlink -f "$root/.toolchain/bin/checkov")")"; }

KUBE_VERSION="$(sed -n 's/^kubernetes_version *= *"\(.*\)"/\1/p' infra/environments/prod/terraform.tfvars).0"
export KUBE_VERSION

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
tofu_roots() { echo infra/bootstrap; ls -d infra/modules/* infra/environments/{dev,staging,prod}; }

stage_tofu-fmt() {
  tofu fmt -check -recursive -diff infra
  echo "tofu fmt: clean"
}

# tofu -chdir=<root> <args> with the root's working data (.terraform) in the build folder, not in the
# checkout: `init -backend=false` keeps whatever backend an earlier init recorded there, and the sandbox's
# Jenkins or a `make demo` may have initialised that root against moto's S3 (then validate asks for
# AWS credentials).
tofu_isolated() {
  local dir="$1"
  shift
  TF_DATA_DIR="$build/tf-data/${dir//\//-}" tofu -chdir="$dir" "$@"
}

stage_tofu-static() {
  local d
  for d in $(tofu_roots); do
    tofu_isolated "$d" init -backend=false -input=false >/dev/null
    printf '%-32s ' "$d"
    tofu_isolated "$d" validate -no-color | head -1
  done
}

stage_tofu-test() {
  local env
  for env in dev staging prod; do
    tofu_isolated "infra/environments/$env" init -backend=false -input=false >/dev/null
    # One suite for all roots (infra/environments/tests): each runs it with its own terraform.tfvars.
    tofu_isolated "infra/environments/$env" test -no-color -test-directory=../tests
  done
  # Modules with their own suites (infra/modules/<m>/tests): the add-on roles, disaster recovery.
  local mod
  for mod in infra/modules/*/tests; do
    mod="${mod%/tests}"
    tofu_isolated "$mod" init -backend=false -input=false >/dev/null
    tofu_isolated "$mod" test -no-color
  done
}

kube_schemas() {
  local key dir contracts
  contracts="${NURA_CONTRACTS_DIR:-$root/contracts}"
  key="$(cat tests/infra/gen-kube-schemas.py "$contracts"/*/* | sha256sum | cut -c1-12)"
  dir="$root/.toolchain/kube-schemas-$key"
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir"
    "$(tools_python)" tests/infra/gen-kube-schemas.py "$contracts" "$dir" >&2
    touch "$dir/.complete"
  fi
  printf '%s\n' "$dir"
}

kubeconform_strict() {
  kubeconform -strict -summary -output text \
    -schema-location "$(kube_schemas)/{{ .ResourceKind }}_{{ .Group }}_{{ .ResourceAPIVersion }}{{ .StrictSuffix }}.json" "$@"
}

stage_helm() {
  local chart env out
  rm -rf "$build/rendered"
  mkdir -p "$build/rendered"
  for chart in helm/*/; do
    chart="${chart%/}"
    for env in dev staging prod; do
      # Rendered for the Kubernetes minor the clusters run (infra/environments/*/terraform.tfvars).
      helm lint --strict --quiet --kube-version "$KUBE_VERSION" "$chart" -f "$chart/values-$env.yaml" >/dev/null
      out="$build/rendered/$(basename "$chart")-$env.yaml"
      helm template "$(basename "$chart")" "$chart" -f "$chart/values-$env.yaml" --namespace "nura-$env" \
        --kube-version "$KUBE_VERSION" >"$out"
      printf '%-34s lint ok  ' "$(basename "$chart") × $env"
      kubeconform_strict "$out"
    done
  done
}

stage_manifests() {
  kubeconform_strict infra/argocd/projects infra/argocd/applicationsets infra/argocd/applications infra/monitoring/rules \
    infra/argocd/addons/storage/storageclass-gp3.yaml infra/jenkins/agents/service-accounts.yaml \
    infra/argocd/addons/jenkins-backup/cronjob.yaml
}

stage_checkov() {
  local common=(--quiet --compact --skip-download --output cli)
  export BC_SKIP_MAPPING=TRUE
  checkov -d infra --framework terraform "${common[@]}"
  checkov -f Dockerfile --framework dockerfile "${common[@]}"
  [ -d "$build/rendered" ] || stage_helm >/dev/null
  # checkov skips folders whose path has a dot-folder (.toolchain), so scan a copy.
  local k8s
  k8s="$(mktemp -d)"
  cp -r "$build/rendered" "$k8s/rendered"
  checkov -d "$k8s/rendered" --framework kubernetes "${common[@]}"
  rm -rf "$k8s"
}

stage_monitoring() {
  tests/infra/promtool-rules.sh
}

stage_jenkins() {
  java -cp "$root/.toolchain/groovy.jar" groovy.ui.GroovyMain tests/infra/ParseJenkinsfiles.groovy \
    Jenkinsfile infra/jenkins/Jenkinsfile.plan infra/jenkins/Jenkinsfile.apply
  # The Job DSL seed and the credentials live in the Jenkins chart's values (JCasC); the harness takes both
  # from there: the seed is evaluated as is, and a Jenkinsfile binding a credential JCasC lacks fails.
  "$(tools_python)" - "$build" <<'PY'
import sys, yaml
out = sys.argv[1]
casc = yaml.safe_load(open("infra/jenkins/values.yaml"))["controller"]["JCasC"]["configScripts"]
(job,) = yaml.safe_load(casc["jobs"])["jobs"]
open(f"{out}/job-dsl-seed.groovy", "w").write(job["script"])
(domain,) = yaml.safe_load(casc["credentials"])["credentials"]["system"]["domainCredentials"]
with open(f"{out}/jenkins-credentials.properties", "w") as f:
    for c in domain["credentials"]:
        ((kind, body),) = c.items()
        f.write(f"{body['id']}={kind}\n")
PY
  java -cp "$root/.toolchain/groovy-harness.jar:tests/infra/jenkins" groovy.ui.GroovyMain \
    tests/infra/jenkins/JenkinsfileTests.groovy "$build/job-dsl-seed.groovy" "$build/jenkins-credentials.properties"
}

stage_pytest() {
  [ -d "$build/rendered" ] || stage_helm >/dev/null
  INFRA_RENDERED_DIR="$build/rendered" "$(tools_python)" -m pytest -q -p no:cacheprovider tests/infra
}

stage_e2e() {
  tests/infra/e2e-moto.sh
}

declare -A took
t_all=$(date +%s)
for s in "${stages[@]}"; do
  say "$s"
  t0=$(date +%s)
  "stage_$s"
  took[$s]=$(($(date +%s) - t0))
done
say "infra-test summary"
for s in "${stages[@]}"; do printf '  %-12s %5d s\n' "$s" "${took[$s]}"; done
printf '  %-12s %5d s\n' total "$(($(date +%s) - t_all))"
