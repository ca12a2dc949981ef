# Promotions surface (issue 10): Slack, pages, DORA. Its unit tests run in `unit`, its integration
# tests in `integration`, its Playwright journey (e2e/promotions.spec.ts) in `e2e`.
.PHONY: bench-promotions bench-promotions-approve-to-pushed

bench-promotions: sandbox-deps build ## request page first paint in Chromium, warm, 5 runs × 20 navigations per page
	E2E_WITH_WORLD=1 E2E_RUNNER="tsx bench/promotions/request-page.ts" scripts/test/e2e.sh

bench-promotions-approve-to-pushed: sandbox-deps ## final approval's answer → commit on the GitOps remote, job queue + executor + real git on PostgreSQL, 5 runs × 20
	scripts/test/with-postgres.sh node --conditions=react-server --import tsx bench/promotions-approve-to-pushed/run.ts 5 20 --write
