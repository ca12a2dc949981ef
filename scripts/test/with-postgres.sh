#!/usr/bin/env bash
# Runs a command against a throwaway real PostgreSQL 15: initdb in a temp dir, start on a free
# loopback port, create a database, apply every migration, run the command with DATABASE_URL
# set, then stop the server and delete the data whatever happens.
#   scripts/test/with-postgres.sh npx vitest run --project integration
#   PG_KEEP_EMPTY=1 …   skip the migrations (the no-drift test applies them itself)
#   PG_DATABASES="a b"  also create these databases (DATABASE_URL_A, DATABASE_URL_B are exported)
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[ -x "$PGBIN/initdb" ] || { echo "with-postgres: PostgreSQL 15 not found at $PGBIN (make system-deps installs it)" >&2; exit 1; }

dir=$(mktemp -d /tmp/nura-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$dir"
  as_pg=(runuser -u postgres --)
fi

cleanup() {
  "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"${as_pg[@]}" "$PGBIN/initdb" -D "$dir/data" -U nura --auth=trust -E UTF8 --no-locale >/dev/null
"${as_pg[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=256MB" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

"$PGBIN/psql" -h 127.0.0.1 -p "$port" -U nura -d postgres -qc "CREATE DATABASE nura" >/dev/null
export DATABASE_URL="postgresql://nura@127.0.0.1:$port/nura"
for extra in ${PG_DATABASES:-}; do
  "$PGBIN/psql" -h 127.0.0.1 -p "$port" -U nura -d postgres -qc "CREATE DATABASE $extra" >/dev/null
  export "DATABASE_URL_${extra^^}=postgresql://nura@127.0.0.1:$port/$extra"
done
export PGBIN PG_TEST_PORT=$port

if [ -z "${PG_KEEP_EMPTY:-}" ]; then
  node --experimental-wasm-modules --no-warnings --import tsx scripts/db/migrate.ts deploy >/dev/null
fi
echo "with-postgres: PostgreSQL on 127.0.0.1:$port ($DATABASE_URL)" >&2
"$@"
