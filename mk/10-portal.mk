# The portal: lint, types, unit tests, migrations, integration tests on real PostgreSQL,
# the production build and the Playwright smoke test in Debian's Chromium; plus `make demo`.
.PHONY: lint typecheck unit db-check integration build e2e demo demo-reset db-migrate db-seed

lint: deps ## Biome: formatting and lint rules
	biome check .

typecheck: deps ## tsc --noEmit over the whole repository
	tsc --noEmit

unit: deps ## colocated unit tests (Vitest)
	vitest run --project unit

db-check: deps ## migrations folder matches schema.prisma
	node --experimental-wasm-modules --no-warnings --import tsx scripts/db/migrate.ts check

integration: deps ## integration tests against a throwaway real PostgreSQL
	PG_DATABASES=drift scripts/test/with-postgres.sh vitest run --project integration

.next/BUILD_ID: deps $(shell git ls-files app components lib proxy.ts instrumentation.ts next.config.js 2>/dev/null)
	next build
build: .next/BUILD_ID ## production build of the portal

# The suite runs on the Playwright catalog (e2e/catalog.yaml: 1-minute soak and verification windows)
# and a world whose three EKS clusters are seeded (SANDBOX_TOFU_ENVIRONMENTS empty), so every
# environment is live; the specs tagged @tofu (dev built by OpenTofu from the portal) and
# @no-toolchain (a Jenkins agent without tofu) run on worlds of their own: `make e2e-tofu`
# (mk/70-infra-runs.mk).
e2e: build sandbox-deps ## Playwright suite in Debian's Chromium against a fresh portal, on PGlite then on PostgreSQL
	SANDBOX_CATALOG_PATH=$(CURDIR)/e2e/catalog.yaml SANDBOX_TOFU_ENVIRONMENTS= E2E_WITH_WORLD=1 E2E_DATABASE=pglite scripts/test/e2e.sh --grep-invert "@tofu|@no-toolchain"
	SANDBOX_CATALOG_PATH=$(CURDIR)/e2e/catalog.yaml SANDBOX_TOFU_ENVIRONMENTS= E2E_WITH_WORLD=1 E2E_DATABASE=postgres scripts/test/e2e.sh --grep-invert "@tofu|@no-toolchain"

db-migrate: deps ## apply migrations (DATABASE_URL, or embedded PGlite under .data/)
	node --experimental-wasm-modules --no-warnings --import tsx scripts/db/migrate.ts deploy

db-seed: deps ## seed the sandbox sign-in users
	tsx prisma/seed.ts

demo: build sandbox-deps ## run the portal on the sandbox world at http://localhost:3000
	scripts/demo.sh

demo-reset: ## forget all demo state (.data/)
	rm -rf .data

TEST_TARGETS += lint typecheck unit db-check integration e2e
