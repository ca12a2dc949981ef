#!/usr/bin/env bash
# `make api-fuzz`: schemathesis against the portal's own OpenAPI document (/api/openapi.json), on a
# fresh production build with the sandbox world, as every role's session, as nobody, and as a ci service
# token. Fails on any 5xx, any response that does not match the document, any accepted invalid input,
# and any 2xx of an audited operation without its audit event (tests/api/hooks.py).
# Path parameters name real things most of the time (tests/api/fixtures.py: the catalog's applications
# and environments, a promotion, a plan run, a service token), so the operations reach their handlers.
# Deterministic (fixed seed, --generation-deterministic, one worker) and bounded: it prints each caller's
# wall time and response count, and the total.
#   scripts/test/api-fuzz.sh                   every caller, the default budget
#   API_FUZZ_ROLES="admin none" API_FUZZ_EXAMPLES=5 scripts/test/api-fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${SCHEMATHESIS_VENV:?set by mk/70-api-fuzz.mk (the venv under the toolchain cache)}"
ST="$SCHEMATHESIS_VENV/bin/schemathesis"
# "ci" is not a person: a service token (created through POST /api/service-tokens as the admin), sent as
# Authorization: Bearer to the operations that take one (schemathesis-ci.toml).
ROLES=${API_FUZZ_ROLES:-"none viewer developer approver admin auditor ci"}
EXAMPLES=${API_FUZZ_EXAMPLES:-8}
# Every caller gets the coverage phase's negative cases (missing, mistyped and out-of-range values, for
# each parameter and body field) on the operations its role may call (tests/api/coverage_scope.py),
# fuzzing (positive and negative) and stateful. Admin, the one caller that reaches every operation's
# logic, also gets the examples phase, more examples, the coverage phase's positive boundary cases and
# its unexpected-method probes (the same answer whoever asks).
FULL_ROLES=${API_FUZZ_FULL_ROLES:-"admin"}
ROLE_EXAMPLES=${API_FUZZ_ROLE_EXAMPLES:-4}
SEED=${API_FUZZ_SEED:-20261201}

work=$(mktemp -d /tmp/nura-fuzz.XXXXXX)
. scripts/test/portal-run.sh
port=$(free_port)
server_pid=""
world_pid=""
stop_seconds=${API_FUZZ_STOP_SECONDS:-20}
trap cleanup EXIT INT TERM

export PGLITE_DIR="$work/pglite" SANDBOX=1 ALLOW_SANDBOX_IN_PRODUCTION=1 NODE_ENV=production
export NEXTAUTH_SECRET="fuzz-$(head -c 24 /dev/urandom | base64)" PORTAL_URL="http://127.0.0.1:$port" NEXTAUTH_URL="http://127.0.0.1:$port"
node --experimental-wasm-modules --no-warnings --import tsx scripts/db/migrate.ts deploy >/dev/null
tsx prisma/seed.ts >/dev/null

start_world api-fuzz

setsid next start -p "$port" -H 127.0.0.1 >"$work/portal.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$port/api/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -fsS "http://127.0.0.1:$port/api/ready" >/dev/null || { echo "api-fuzz: portal not ready"; tail -50 "$work/portal.log"; exit 1; }

export NURA_PORTAL_URL="$PORTAL_URL"
export NURA_AUDITOR_COOKIE=$(python3 tests/api/sign_in.py "$PORTAL_URL" auditor@nura.local)
export PYTHONPATH="$PWD/tests/api${PYTHONPATH:+:$PYTHONPATH}" SCHEMATHESIS_HOOKS=hooks

# The live checks schemathesis cannot express (throttling, exposure) run first.
python3 tests/api/live_checks.py "$PORTAL_URL"

# Real names and ids for the path parameters: the catalog as the portal parses it, and a promotion, a
# plan run and two service tokens made through the API (one secret for the ci caller).
CATALOG_PATH="${CATALOG_PATH:-config/catalog.yaml}" node --import tsx -e '
  import("./lib/catalog.ts").then(({ loadCatalog }) => {
    const c = loadCatalog(process.env.CATALOG_PATH);
    console.log(JSON.stringify({ environments: c.promotionPath, applications: c.applications.map((a) => a.name) }));
  });' >"$work/catalog.json"
# What each role may do somewhere (an open or a protected environment): its coverage phase covers those.
node --import tsx -e '
  import("./lib/domain/roles.ts").then(({ ACTIONS, ROLES, can }) => {
    const p = (role) => ({ id: role, email: role, name: role, grants: [{ role, environment: null }] });
    const some = (role, a) => [false, true].some((prot) => can(p(role), a, { name: "x", protected: prot }));
    const roles = Object.fromEntries(ROLES.map((r) => [r, ACTIONS.filter((a) => some(r, a))]));
    console.log(JSON.stringify({ actions: ACTIONS, roles }));
  });' >"$work/access.json"
python3 tests/api/fixtures.py "$PORTAL_URL" --catalog "$work/catalog.json" --ci-token-file "$work/ci-token" \
  >"$work/parameters.toml"
# Credentials go through schemathesis' auth config (tests/api/schemathesis*.toml), never a raw header.
export NURA_METRICS_TOKEN="${METRICS_TOKEN:?the sandbox world (portal.env) sets METRICS_TOKEN}"
NURA_CI_TOKEN=$(cat "$work/ci-token")
export NURA_CI_TOKEN
failed=()
started=$SECONDS
for role in $ROLES; do
  only=()
  case "$role" in
    none) base=tests/api/schemathesis-anonymous.toml ;;
    # The path where the proxy lets a bearer through (its GET must refuse one with the documented 401).
    ci) base=tests/api/schemathesis-ci.toml only=(--include-path-regex '^/api/promotions$') ;;
    *)
      cookie=$(python3 tests/api/sign_in.py "$PORTAL_URL" "$role@nura.local")
      export NURA_SESSION_TOKEN="${cookie#*=}"
      base=tests/api/schemathesis.toml
      ;;
  esac
  config="$work/schemathesis-$role.toml"
  phases=coverage,fuzzing,stateful examples=$ROLE_EXAMPLES
  # The unexpected-method probes (OPTIONS, TRACE, DELETE… on every path) answer the same for every caller.
  printf '[phases.coverage]\nunexpected-methods = []\n\n[phases.coverage.generation]\nmode = "negative"\n\n' >"$config"
  if [[ " $FULL_ROLES " == *" $role "* ]]; then
    phases=examples,coverage,fuzzing,stateful examples=$EXAMPLES
    : >"$config"
  fi
  cat "$base" "$work/parameters.toml" >>"$config"
  [ "$role" = ci ] || python3 tests/api/coverage_scope.py "$work/access.json" "$role" >>"$config"
  echo "=== schemathesis as ${role} (${phases}, ${examples} examples)"
  t0=$SECONDS
  # One worker: deterministic order, and CPython 3.11's ast.parse is not safe across threads (hypothesis
  # describes its filters with it; two workers crashed with "AST constructor recursion depth mismatch").
  # Run from the scratch directory: schemathesis keeps a crash cache (.schemathesis/) in its working
  # directory and replays it, which would make one run depend on the last.
  if ! (cd "$work" && "$ST" --config-file "$config" run "$PORTAL_URL/api/openapi.json" "${only[@]}" \
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
