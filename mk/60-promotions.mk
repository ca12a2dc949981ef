# Promotions surface (issue 10): Slack, pages, DORA. Its unit tests run in `unit`, its integration
# tests in `integration`, its Playwright journey (e2e/promotions.spec.ts) in `e2e`.
.PHONY: bench-promotions

bench-promotions: sandbox-deps build ## request page first paint in Chromium, warm, 5 runs × 20 navigations per page
	E2E_WITH_WORLD=1 E2E_RUNNER="tsx bench/promotions/request-page.ts" scripts/test/e2e.sh
