# Environments dashboard (issue 4): adapters, overview, application page. Its unit tests run in
# `unit`, its integration tests (tests/integrations, sandbox over HTTP) in `integration`, and its
# Playwright spec (e2e/overview.spec.ts) in `e2e`; `dashboard-test` runs just this area's suites.
.PHONY: dashboard-test bench-overview

DASHBOARD_UNIT := lib/integrations lib/server/overview lib/domain/series.test.ts lib/domain/status-rollup.test.ts \
	lib/domain/metric-queries.test.ts lib/domain/resource-tree.test.ts

dashboard-test: sandbox-deps ## dashboard: adapter/shaping unit tests + adapters and degraded paths against the sandbox
	npx vitest run --project unit $(DASHBOARD_UNIT)
	scripts/test/with-postgres.sh npx vitest run --project integration tests/integrations

bench-overview: sandbox-deps build ## overview benchmark: 3 envs × 20 apps, 50 ms upstream latency, warm/cold/naive, first-load JS
	node --conditions=react-server --import tsx bench/overview/run.ts
