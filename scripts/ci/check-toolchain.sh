#!/usr/bin/env bash
# Usage: scripts/ci/check-toolchain.sh
# Fails with a clear message when a tool the infra jobs need is missing (the agent image, or
# `make toolchain` on a workstation, provides them); prints the versions in use otherwise.
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "$0")/lib.sh"

missing=()
for tool in tofu curl git sha256sum; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[ ${#missing[@]} -eq 0 ] || die "missing tools: ${missing[*]} (run 'make toolchain')"
[ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ -f "$TF_CLI_CONFIG_FILE" ] || die "TF_CLI_CONFIG_FILE is not set to an existing OpenTofu CLI config (run 'make toolchain')"
tofu version >&2
log "toolchain ok (CLI config $TF_CLI_CONFIG_FILE)"
