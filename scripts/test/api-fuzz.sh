#!/usr/bin/env bash
# `make api-fuzz`: schemathesis against the portal's own OpenAPI document (/api/openapi.json), on a
# fresh production build with the sandbox world, as every role's session and as nobody. Fails on any
# 5xx, any response that does not match the document, any accepted invalid input, and any 2xx of an
# audited operation without its audit event (tests/api/hooks.py).
#   scripts/test/api-fuzz.sh                   every role, the default budget
#   API_FUZZ_ROLES="admin none" API_FUZZ_EXAMPLES=5 scripts/test/api-fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${SCHEMATHESIS_VENV:?set by mk/70-api-fuzz.mk (the venv under the toolchain cache)}"
ST="$SCHEMATHESIS_VENV/bin/schemathesis"
ROLES=${API_FUZZ_ROLES:-"none viewer developer approver admin auditor"}
EXAMPLES=${API_FUZZ_EXAMPLES:-12}

work=$(mktemp -d /tmp/nura-fuzz.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
port=$(free_port)
server_pid=""
world_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -n "$world_pid" ] && kill "$world_pid" 2>/dev/null && wait "$world_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

export PGLITE_DIR="$work/pglite" SANDBOX=1 ALLOW_SANDBOX_IN_PRODUCTION=1 NODE_ENV=production
export NEXTAUTH_SECRET="fuzz-$(head -c 24 /dev/urandom | base64)" PORTAL_URL="http://127.0.0.1:$port" NEXTAUTH_URL="http://127.0.0.1:$port"
node --experimental-wasm-modules --no-warnings --import tsx scripts/db/migrate.ts deploy >/dev/null
tsx prisma/seed.ts >/dev/null

# The sandbox world on ephemeral ports (as scripts/test/e2e.sh does), so a running demo is untouched.
export SANDBOX_DATA_DIR="$work/sandbox"
for p in ARGOCD JENKINS KUBERNETES GRAFANA SLACK MOTO CONTROL EXPORTER PROMETHEUS MOTO_UPSTREAM PROMETHEUS_UPSTREAM; do
  export "SANDBOX_${p}_PORT=0"
done
export SANDBOX_PORTAL_METRICS_TARGET="127.0.0.1:$port"
tsx sandbox/main.ts >"$work/sandbox.log" 2>&1 &
world_pid=$!
for _ in $(seq 1 120); do [ -f "$SANDBOX_DATA_DIR/portal.env" ] && break; kill -0 "$world_pid" 2>/dev/null || break; sleep 1; done
[ -f "$SANDBOX_DATA_DIR/portal.env" ] || { echo "api-fuzz: sandbox world did not start:"; tail -30 "$work/sandbox.log"; exit 1; }
set -a; . "$SANDBOX_DATA_DIR/portal.env"; set +a

next start -p "$port" -H 127.0.0.1 >"$work/portal.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$port/api/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -fsS "http://127.0.0.1:$port/api/ready" >/dev/null || { echo "api-fuzz: portal not ready"; tail -50 "$work/portal.log"; exit 1; }

export NURA_PORTAL_URL="$PORTAL_URL"
export NURA_AUDITOR_COOKIE=$(python3 tests/api/sign_in.py "$PORTAL_URL" auditor@nura.local)
export PYTHONPATH="$PWD/tests/api${PYTHONPATH:+:$PYTHONPATH}" SCHEMATHESIS_HOOKS=hooks

# The live checks schemathesis cannot express (throttling, exposure) run first.
python3 tests/api/live_checks.py "$PORTAL_URL"

failed=()
for role in $ROLES; do
  headers=()
  if [ "$role" != none ]; then headers=(-H "Cookie: $(python3 tests/api/sign_in.py "$PORTAL_URL" "$role@nura.local")"); fi
  echo "=== schemathesis as ${role}"
  if ! "$ST" run "$PORTAL_URL/api/openapi.json" \
      --checks all --exclude-checks positive_data_acceptance,unsupported_method,allow_header_conformance,missing_required_header \
      --phases examples,coverage,fuzzing,stateful --max-examples "$EXAMPLES" --workers 2 \
      --generation-database none --request-timeout 20 --seed 20261201 \
      --suppress-health-check too_slow,filter_too_much \
      --report junit --report-junit-path "$work/junit-$role.xml" \
      --no-color "${headers[@]}"; then
    failed+=("$role")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "--- portal log (last 40 lines)"; tail -40 "$work/portal.log"
  echo "api-fuzz: schemathesis found failures as: ${failed[*]}"
  exit 1
fi
echo "api-fuzz: schemathesis passed as: $ROLES"
