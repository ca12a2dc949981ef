#!/usr/bin/env bash
# Starts a fresh portal (production build, embedded PGlite in a temp dir, sandbox sign-in on)
# on a free port, runs the Playwright specs in Debian's Chromium, and stops it again.
#   scripts/test/e2e.sh [playwright args…]
#   E2E_RUNNER="tsx bench/…" runs another command against the same portal instead (benchmarks)
#   E2E_DATABASE=postgres  the portal on a throwaway real PostgreSQL (scripts/test/with-postgres.sh)
#                          instead of the embedded PGlite; both are supported databases, so CI runs both
set -euo pipefail
cd "$(dirname "$0")/../.."
case "${E2E_DATABASE:=pglite}" in
  pglite) unset DATABASE_URL ;;
  postgres) [ -n "${E2E_PG_STARTED:-}" ] || exec env E2E_PG_STARTED=1 scripts/test/with-postgres.sh "$PWD/scripts/test/e2e.sh" "$@" ;;
  *) echo "e2e: E2E_DATABASE must be pglite or postgres, not $E2E_DATABASE" >&2; exit 2 ;;
esac
work=$(mktemp -d /tmp/nura-e2e.XXXXXX)
. scripts/test/portal-run.sh
port=${E2E_PORT:-$(free_port)}
server_pid=""
world_pid=""
stop_seconds=${E2E_STOP_SECONDS:-20}
trap cleanup EXIT INT TERM

[ "$E2E_DATABASE" = pglite ] && export PGLITE_DIR="$work/pglite"
echo "e2e: portal database: $E2E_DATABASE${DATABASE_URL:+ ($DATABASE_URL)}"
export SANDBOX=1 ALLOW_SANDBOX_IN_PRODUCTION=1 NODE_ENV=production
export NEXTAUTH_SECRET="e2e-$(head -c 24 /dev/urandom | base64)" PORTAL_URL="http://localhost:$port" NEXTAUTH_URL="http://localhost:$port"
node --experimental-wasm-modules --no-warnings --import tsx scripts/db/migrate.ts deploy
tsx prisma/seed.ts >/dev/null

# The sandbox world (E2E_WITH_WORLD=1): the same command `make demo` uses.
if [ "${E2E_WITH_WORLD:-0}" = 1 ]; then start_world e2e; fi

setsid next start -p "$port" -H 127.0.0.1 >"$work/portal.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break; sleep 1; done
# Live first, then ready: /api/ready answers 503 until the database and the job queue have started, which
# takes a few seconds more than the first answer on a busy machine. Bounded: a portal that never gets
# ready fails the run with its log.
ready=0
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$port/api/ready" >/dev/null 2>&1 && { ready=1; break; }; sleep 1; done
[ "$ready" = 1 ] || { echo "e2e: portal not ready after 60 s:"; curl -sS "http://127.0.0.1:$port/api/ready"; echo; cat "$work/portal.log"; exit 1; }

# On failure the portal log comes first and the runner's own summary (which tests failed, and where) last:
# CI keeps only the tail of the output, and a tail of server log lines alone does not say what broke.
status=0
E2E_BASE_URL="http://localhost:$port" ${E2E_RUNNER:-playwright test} "$@" 2>&1 | tee "$work/runner.log" || status=$?
[ "$status" = 0 ] || {
  echo "--- portal log (last 50 lines)"; tail -50 "$work/portal.log"
  echo "--- e2e first errors"; grep -m 6 -E '^ *(Error|TimeoutError|Test timeout)' "$work/runner.log" || true
  echo "--- e2e summary"; sed -n '/^ *[0-9][0-9]* failed/,$p' "$work/runner.log" | tail -40
  exit 1
}
