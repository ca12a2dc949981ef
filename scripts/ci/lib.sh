# Shared helpers for the CI scripts (sourced, not executed). The Jenkinsfiles call the scripts in this
# folder and nothing else, so this is the whole of what a pipeline does; the sandbox's Jenkins emulator
# runs the very same scripts as real processes.
#
# Environment:
#   ARTIFACTS_DIR        where plan/apply artifacts go (default: artifacts, relative to the repo root)
#   AWS_ENDPOINT_URL     set → sandbox mode: AWS is moto's server at that URL; the environment's
#                        sandbox.tfvars and sandbox.tfbackend are used (see infra/README.md)
#   TF_CLI_CONFIG_FILE   OpenTofu CLI config; defaults to the toolchain's (provider filesystem mirror)
#   TOFU_DATA_ROOT       optional: keep each root's .terraform under this folder instead of in the
#                        checkout, so concurrent runs (tests, the sandbox emulator) do not share one

ci_repo_root() { (cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd); }

REPO_ROOT="$(ci_repo_root)"
export PATH="$REPO_ROOT/.toolchain/bin:$PATH"
# An existing config given by the caller wins; an unset or dangling one (some machines export a path
# to a file that does not exist) falls back to the toolchain's.
if { [ -z "${TF_CLI_CONFIG_FILE:-}" ] || [ ! -f "$TF_CLI_CONFIG_FILE" ]; } && [ -f "$REPO_ROOT/.toolchain/tofu.rc" ]; then
  export TF_CLI_CONFIG_FILE="$REPO_ROOT/.toolchain/tofu.rc"
fi
export TF_IN_AUTOMATION=1
export TF_INPUT=0
export CHECKPOINT_DISABLE=1

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { printf 'ERROR: %s\n' "$1" >&2; exit "${2:-1}"; }

# Absolute artifacts directory, created on demand.
artifacts_dir() {
  local dir="${ARTIFACTS_DIR:-artifacts}"
  case "$dir" in /*) ;; *) dir="$REPO_ROOT/$dir" ;; esac
  mkdir -p "$dir"
  printf '%s\n' "$dir"
}

require_env_name() {
  case "${1:-}" in
    dev | staging | prod) ;;
    "") die "missing environment argument (dev, staging or prod)" 2 ;;
    *) die "unknown environment '$1' (expected dev, staging or prod)" 2 ;;
  esac
}

# The image tag of this build: an explicit argument wins, else what app-version.sh wrote.
image_tag_or_default() {
  local tag="${1:-}" file
  file="$(artifacts_dir)/image-tag"
  if [ -z "$tag" ]; then
    [ -f "$file" ] || die "no tag given and no $file (app-build.sh writes it)" 2
    tag="$(cat "$file")"
  fi
  printf '%s\n' "$tag"
}

# tofu -chdir=<root dir> <args>, with the root's working data under TOFU_DATA_ROOT when that is set.
tofu_in() {
  local dir="$1"
  shift
  if [ -n "${TOFU_DATA_ROOT:-}" ]; then
    TF_DATA_DIR="$TOFU_DATA_ROOT/$(basename "$(dirname "$dir")")-$(basename "$dir")" tofu -chdir="$dir" "$@"
  else
    tofu -chdir="$dir" "$@"
  fi
}

is_sandbox() { [ -n "${AWS_ENDPOINT_URL:-}" ]; }

# Sandbox only: how the AWS provider reaches moto's S3 Control (bucket tags go through it) without a hosts
# entry. The SDK puts the account id in front of the S3 Control host (123456789012.<host>), which an IP
# address cannot carry and no resolver here maps to loopback. So its endpoint is a name under .invalid,
# which never resolves (RFC 6761), reached through an HTTP proxy that is moto itself: moto's server takes
# absolute-form request lines and routes /v20180820/ paths to S3 Control. Go never proxies loopback
# addresses or "localhost", so every other call still goes straight to AWS_ENDPOINT_URL; NO_PROXY lists its
# host for other clients (boto3). A caller's own AWS_ENDPOINT_URL_S3_CONTROL is left alone.
sandbox_s3_control_env() {
  local hostport host
  is_sandbox && [ -z "${AWS_ENDPOINT_URL_S3_CONTROL:-}" ] || return 0
  hostport="${AWS_ENDPOINT_URL#*://}"
  hostport="${hostport%%/*}"
  host="${hostport%:*}"
  export AWS_ENDPOINT_URL_S3_CONTROL="http://s3-control.sandbox.invalid${hostport#"$host"}"
  export HTTP_PROXY="${AWS_ENDPOINT_URL%/}" NO_PROXY="$host${NO_PROXY:+,$NO_PROXY}"
}
sandbox_s3_control_env

env_dir() { printf '%s/infra/environments/%s\n' "$REPO_ROOT" "$1"; }

# Arguments selecting the variable file for an environment: terraform.tfvars is always read by tofu;
# the sandbox adds sandbox.tfvars, which switches off what moto does not implement.
tofu_var_args() {
  local dir
  dir="$(env_dir "$1")"
  if is_sandbox; then
    printf '%s\n' "-var-file=$dir/sandbox.tfvars"
  fi
}

# tofu init for an environment, offline: providers come from the filesystem mirror named in
# TF_CLI_CONFIG_FILE. The backend is S3 (native lockfile) configured by backend.tfbackend, or by
# sandbox.tfbackend against moto, whose state bucket is created first by the bootstrap root.
tofu_init_env() {
  local env="$1" dir backend_file
  dir="$(env_dir "$env")"
  command -v tofu >/dev/null || die "tofu not found on PATH: run 'make toolchain' first"
  if is_sandbox; then
    backend_file="$dir/sandbox.tfbackend"
    sandbox_bootstrap_state "$env"
  else
    backend_file="$dir/backend.tfbackend"
  fi
  log "tofu init ($env, backend config $(basename "$backend_file"))"
  tofu_in "$dir" init -input=false -reconfigure -backend-config="$backend_file" >&2
}

# Sandbox only: apply infra/bootstrap against moto so the state bucket and its KMS key exist. Its own
# state is local (a moto restart loses the bucket; the next apply recreates it).
sandbox_bootstrap_state() {
  local env="$1" dir state_dir
  dir="$REPO_ROOT/infra/bootstrap"
  state_dir="${SANDBOX_STATE_DIR:-$REPO_ROOT/.data/tofu-sandbox}"
  mkdir -p "$state_dir"
  log "sandbox: ensuring the state bucket exists in moto ($AWS_ENDPOINT_URL)"
  tofu_in "$dir" init -input=false -backend-config="path=$state_dir/bootstrap-$env.tfstate" -reconfigure >&2
  tofu_in "$dir" apply -input=false -auto-approve -var-file="$dir/sandbox.tfvars" -var="environment=$env" >&2
}

# gitops_commit_push <branch> <change-function> <git commit arguments…>
# In a clone of the GitOps repository (the current directory): runs the change function, which edits and
# stages its files; commits what it staged and pushes to <branch>. A push rejected because the branch moved
# is redone on the new head (reset, change again), up to 5 times; it never forces. Sets GITOPS_PUSHED to
# true, or false when the change staged nothing (already there); exits 4 when the push kept being rejected.
# Call it as a plain command, not in an if or ||: bash ignores set -e inside a function run as a condition,
# and a failing change must stop the script.
gitops_commit_push() {
  local branch="$1" change="$2" attempt err
  shift 2
  err="$(mktemp)"
  GITOPS_PUSHED=false
  for attempt in 1 2 3 4 5; do
    "$change"
    if git diff --cached --quiet; then
      break
    fi
    git commit --quiet "$@"
    if git push --quiet origin "HEAD:$branch" 2>"$err"; then
      GITOPS_PUSHED=true
      log "pushed $(git rev-parse --short HEAD) to $branch"
      break
    fi
    cat "$err" >&2
    [ "$attempt" -lt 5 ] || die "push still rejected after $attempt attempts" 4
    log "push rejected (attempt $attempt); rebasing onto origin/$branch and retrying"
    git fetch --quiet origin "$branch"
    git reset --quiet --hard "origin/$branch"
    sleep "$attempt"
  done
  rm -f "$err"
}
