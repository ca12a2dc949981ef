#!/usr/bin/env bash
# Usage: scripts/ci/fetch-plan.sh <plan-run-id>
# Copies the artifacts of build <plan-run-id> of the nura-infra-plan job into ${ARTIFACTS_DIR:-artifacts}/.
# Source: ${PLAN_ARTIFACTS_URL} when set (any URL curl reads, file:// included: the sandbox emulator
# points it at the plan run's artifact folder), else Jenkins' own artifact URL
# ${JENKINS_URL}job/nura-infra-plan/<id>/artifact/artifacts, authenticated with JENKINS_USER and
# JENKINS_TOKEN (or JENKINS_API_USR/JENKINS_API_PSW) when they are set.
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "$0")/lib.sh"

run_id="${1:-}"
[[ "$run_id" =~ ^[0-9]+$ ]] || die "plan run id must be a build number, got '${run_id}'" 2
out="$(artifacts_dir)"
if [ -n "${PLAN_ARTIFACTS_URL:-}" ]; then
  base="${PLAN_ARTIFACTS_URL%/}"
else
  [ -n "${JENKINS_URL:-}" ] || die "neither PLAN_ARTIFACTS_URL nor JENKINS_URL is set" 2
  base="${JENKINS_URL%/}/job/${PLAN_JOB_NAME:-nura-infra-plan}/$run_id/artifact/artifacts"
fi
# Jenkins' credentials('…') binding gives JENKINS_API_USR/_PSW; JENKINS_USER/TOKEN suit other callers.
user="${JENKINS_USER:-${JENKINS_API_USR:-}}"
token="${JENKINS_TOKEN:-${JENKINS_API_PSW:-}}"
auth=()
if [ -n "$user" ] && [ -n "$token" ]; then auth=(--user "$user:$token"); fi
for f in plan.tfplan plan.sha256 plan.json plan-meta.json; do
  log "fetching $f from plan run #$run_id"
  curl --fail --silent --show-error --location "${auth[@]}" -o "$out/$f" "$base/$f" || die "could not fetch $base/$f" 5
done
log "plan run #$run_id artifacts in $out (sha256 $(cat "$out/plan.sha256"))"
