# Sourced by scripts/test/e2e.sh and scripts/test/api-fuzz.sh: the free port, the sandbox world and the
# cleanup both need around a fresh portal. The caller sets `work` (its temp dir), `server_pid` and
# `world_pid` (empty until started) and `stop_seconds` before installing the trap.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Stops a process group started with setsid: TERM, then KILL after a bounded wait. The world's Jenkins
# may be running a real `tofu plan` a spec or the fuzzer started, and waiting for one held a run's exit
# for 15 minutes.
stop_group() {
  local pid=$1
  kill -TERM -- "-$pid" 2>/dev/null || return 0
  for _ in $(seq 1 "$stop_seconds"); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  [ -n "$server_pid" ] && stop_group "$server_pid"
  [ -n "$world_pid" ] && stop_group "$world_pid"
  rm -rf "$work"
}

# The sandbox world (the command `make demo` uses) on ephemeral ports, so a running demo is untouched;
# exports what it writes to portal.env. $1 names the caller in the error when the world does not start.
start_world() {
  export SANDBOX_DATA_DIR="$work/sandbox"
  for p in ARGOCD JENKINS KUBERNETES GRAFANA SLACK MOTO CONTROL EXPORTER PROMETHEUS MOTO_UPSTREAM PROMETHEUS_UPSTREAM; do
    export "SANDBOX_${p}_PORT=0"
  done
  export SANDBOX_PORTAL_METRICS_TARGET="127.0.0.1:$port"
  setsid tsx sandbox/main.ts >"$work/sandbox.log" 2>&1 &
  world_pid=$!
  for _ in $(seq 1 120); do [ -f "$SANDBOX_DATA_DIR/portal.env" ] && break; kill -0 "$world_pid" 2>/dev/null || break; sleep 1; done
  [ -f "$SANDBOX_DATA_DIR/portal.env" ] || { echo "$1: sandbox world did not start:"; tail -30 "$work/sandbox.log"; exit 1; }
  set -a; . "$SANDBOX_DATA_DIR/portal.env"; set +a
}
