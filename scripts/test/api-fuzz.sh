#!/usr/bin/env bash
# `make api-fuzz`: schemathesis against the portal's own OpenAPI document (/api/openapi.json), on a
# fresh production build with the sandbox world, as every role's session and as nobody. Fails on any
# 5xx, any response that does not match the document, any accepted invalid input, and any 2xx of an
# audited operation without its audit event (tests/api/hooks.py).
# Deterministic (fixed seed, --generation-deterministic, one worker) and bounded: it prints each role's
# wall time and response count, and the total (about 3 minutes of schemathesis at load 20 on 2 cores).
#   scripts/test/api-fuzz.sh                   every role, the default budget
#   API_FUZZ_ROLES="admin none" API_FUZZ_EXAMPLES=5 scripts/test/api-fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${SCHEMATHESIS_VENV:?set by mk/70-api-fuzz.mk (the venv under the toolchain cache)}"
ST="$SCHEMATHESIS_VENV/bin/schemathesis"
ROLES=${API_FUZZ_ROLES:-"none viewer developer approver admin auditor"}
EXAMPLES=${API_FUZZ_EXAMPLES:-8}
# Every phase (examples, coverage's negative and boundary cases, fuzzing, stateful) as admin, the one
# caller that reaches every operation's logic (public routes behave the same for everyone); the other
# callers get fuzzing + stateful with fewer examples, which is what differs for them (401/403 as
# documented, no 5xx, their allowed mutations audited). Nobody's coverage phase would be ~1,300 requests
# the proxy answers 401 before any parsing. That keeps the whole run to a few minutes.
FULL_ROLES=${API_FUZZ_FULL_ROLES:-"admin"}
ROLE_EXAMPLES=${API_FUZZ_ROLE_EXAMPLES:-4}
SEED=${API_FUZZ_SEED:-20261201}

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

# Credentials go through schemathesis' auth config (tests/api/schemathesis*.toml), never a raw header.
export NURA_METRICS_TOKEN="${METRICS_TOKEN:?the sandbox world (portal.env) sets METRICS_TOKEN}"
failed=()
started=$SECONDS
for role in $ROLES; do
  config=tests/api/schemathesis-anonymous.toml
  if [ "$role" != none ]; then
    cookie=$(python3 tests/api/sign_in.py "$PORTAL_URL" "$role@nura.local")
    export NURA_SESSION_TOKEN="${cookie#*=}"
    config=tests/api/schemathesis.toml
  fi
  phases=fuzzing,stateful examples=$ROLE_EXAMPLES
  if [[ " $FULL_ROLES " == *" $role "* ]]; then phases=examples,coverage,fuzzing,stateful examples=$EXAMPLES; fi
  echo "=== schemathesis as ${role} (${phases}, ${examples} examples)"
  t0=$SECONDS
  # One worker: deterministic order, and CPython 3.11's ast.parse is not safe across threads (hypothesis
  # describes its filters with it; two workers crashed with "AST constructor recursion depth mismatch").
  # Run from the scratch directory: schemathesis keeps a crash cache (.schemathesis/) in its working
  # directory and replays it, which would make one run depend on the last.
  if ! (cd "$work" && "$ST" --config-file "$OLDPWD/$config" run "$PORTAL_URL/api/openapi.json" \
      --checks all --exclude-checks positive_data_acceptance,unsupported_method,allow_header_conformance,missing_required_header \
      --phases "$phases" --max-examples "$examples" --workers 1 \
      --generation-deterministic --seed "$SEED" --request-timeout 20 \
      --suppress-health-check too_slow,filter_too_much \
      --report junit,ndjson --report-junit-path "$work/junit-$role.xml" --report-ndjson-path "$work/events-$role.ndjson" \
      --no-color); then
    failed+=("$role")
  fi
  requests=$(grep -o '"status_code"' "$work/events-$role.ndjson" 2>/dev/null | wc -l || true)
  echo "--- ${role}: $((SECONDS - t0)) s, ${requests} responses checked"
done
echo "api-fuzz: schemathesis took $((SECONDS - started)) s for roles: $ROLES"
if [ ${#failed[@]} -gt 0 ]; then
  echo "--- portal log (last 40 lines)"; tail -40 "$work/portal.log"
  echo "api-fuzz: schemathesis found failures as: ${failed[*]}"
  exit 1
fi
echo "api-fuzz: schemathesis passed as: $ROLES"
