#!/usr/bin/env bash
# `make demo`: the whole portal on one machine. Prepares the embedded database (PGlite under
# .data/), starts the sandbox world (emulators, git, moto, Prometheus) and the portal on
# http://localhost:3000, prints the sign-in users, and stops everything on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .data
started=$(date +%s)

# A stable session secret per checkout, so restarting the demo keeps people signed in.
[ -s .data/nextauth-secret ] || head -c 32 /dev/urandom | base64 > .data/nextauth-secret
export NEXTAUTH_SECRET=$(cat .data/nextauth-secret)
export SANDBOX=1 ALLOW_SANDBOX_IN_PRODUCTION=1 NODE_ENV=production
export PORTAL_URL=${PORTAL_URL:-http://localhost:3000} NEXTAUTH_URL=${PORTAL_URL:-http://localhost:3000}
unset DATABASE_URL   # the demo always runs on the embedded database

node --experimental-wasm-modules --no-warnings --import tsx scripts/db/migrate.ts deploy
tsx prisma/seed.ts > .data/sandbox-users.txt

pids=()
stop() {
  trap - EXIT INT TERM
  echo; echo "Stopping the demo…"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

export SANDBOX_DATA_DIR="$PWD/.data/sandbox"
rm -f "$SANDBOX_DATA_DIR/portal.env"
tsx sandbox/main.ts > .data/sandbox.log 2>&1 &
pids+=($!)
echo "Starting the sandbox world (log: .data/sandbox.log)…"
for _ in $(seq 1 180); do
  [ -f "$SANDBOX_DATA_DIR/portal.env" ] && grep -q "sandbox ready" .data/sandbox.log && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "The sandbox failed to start:"; tail -30 .data/sandbox.log; exit 1; }
  sleep 1
done
set -a; . "$SANDBOX_DATA_DIR/portal.env"; set +a
# The world's addresses, and which environments' EKS a newcomer creates with OpenTofu (the overview's
# card of such an environment says "not created" and links to the Infrastructure page).
grep -E "^\s{2}[a-z]|^\[sandbox\] (EKS of|no OpenTofu)" .data/sandbox.log || true

next start -p 3000 -H 127.0.0.1 > .data/portal.log 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -fsS http://127.0.0.1:3000/api/ready >/dev/null 2>&1 && break; sleep 1; done
curl -fsS http://127.0.0.1:3000/api/ready >/dev/null || { echo "The portal did not become ready:"; tail -30 .data/portal.log; exit 1; }

cat <<MSG

Nura Platform Portal is running on the sandbox: $PORTAL_URL   (ready in $(( $(date +%s) - started )) s)
$(cat .data/sandbox-users.txt)

Logs: .data/portal.log, .data/sandbox.log.  Ctrl-C stops everything; \`make demo-reset\` starts fresh.
MSG
wait -n "${pids[@]}"
