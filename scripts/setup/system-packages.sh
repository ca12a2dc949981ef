#!/usr/bin/env bash
# Installs the Debian packages the demo and tests need, only those missing (idempotent).
#   chromium    Playwright runs Debian's Chromium (browser downloads are impossible here)
#   prometheus  the real Prometheus server and promtool for the sandbox and rule tests
#   postgresql  integration tests and benchmarks run against a real server
set -euo pipefail
wanted=(chromium prometheus postgresql git python3-venv)
missing=()
for p in "${wanted[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The prometheus package starts a system service on install; the sandbox runs its own.
$SUDO systemctl disable --now prometheus prometheus-node-exporter >/dev/null 2>&1 || true
pkill -x prometheus-node-exporter 2>/dev/null || true
