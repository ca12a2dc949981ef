#!/usr/bin/env bash
# Installs the Debian packages the demo and tests need, only those missing (idempotent).
#   chromium    Playwright runs Debian's Chromium (browser downloads are impossible here)
#   prometheus  the real Prometheus server and promtool for the sandbox and rule tests
#   postgresql  integration tests and benchmarks run against a real server (/usr/lib/postgresql/15)
#   git, curl   the GitOps repository and the scripts' health checks
#   python3-venv  the toolchain's venv (checkov, moto, pytest, PyYAML: scripts/toolchain/requirements.txt)
#   maven + a Java runtime  Groovy's jar for the Jenkinsfile parse (only when no `mvn`/`java` is on PATH:
#               machines that bring their own JDK and Maven keep them)
#   time        GNU time: the toolchain build records each tool's peak memory with it
set -euo pipefail
wanted=(chromium prometheus postgresql git curl python3-venv time)
missing=()
for p in "${wanted[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
command -v java >/dev/null || missing+=(default-jre-headless)
command -v mvn >/dev/null || missing+=(maven)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The prometheus package starts a system service on install; the sandbox runs its own. Stop it through
# the package's own service (systemd, else its init script, which stops the daemon by its pidfile), never
# by process name: another user's prometheus on a shared machine is not ours to kill.
for svc in prometheus prometheus-node-exporter; do
  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now "$svc" >/dev/null 2>&1 || true
  elif [ -x "/etc/init.d/$svc" ]; then
    $SUDO "/etc/init.d/$svc" stop >/dev/null 2>&1 || true
  fi
done
