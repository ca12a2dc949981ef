#!/usr/bin/env bash
# Bundles scripts/db/migrate.ts into one file the portal image carries, for the Helm chart's migration Job
# (helm/nura-portal/templates/migrate-job.yaml):  node --experimental-wasm-modules migrator/migrate.mjs deploy
# run from the image's /app (it reads prisma/schema.prisma and prisma/migrations there). The schema
# engine's WASM package stays a real package next to the bundle (it imports its .wasm as a module); the
# embedded PGlite branch is left out (a cluster always has DATABASE_URL).
#   scripts/db/build-migrator.sh OUT_DIR     (the Dockerfile: /app/migrator)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: build-migrator.sh OUT_DIR}
rm -rf "$out" && mkdir -p "$out/node_modules/@prisma"
node_modules/.bin/esbuild scripts/db/migrate.ts --bundle --platform=node --format=esm --target=node20 \
  --log-level=warning --outfile="$out/migrate.mjs" \
  --external:@prisma/schema-engine-wasm --external:@electric-sql/pglite --external:pglite-prisma-adapter \
  --banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"
cp -R node_modules/@prisma/schema-engine-wasm "$out/node_modules/@prisma/"
