# Plan review (issue 11, part 3): summary, masked diffs and policy of a `tofu show -json` plan
# (lib/domain/plan-review), its components (components/infra/plan-review) and benchmark (bench/plan-review).
.PHONY: plan-review-test plan-review-fixtures bench-plan-review

plan-review-test: deps ## plan review: unit tests on the real plan fixtures and the components
	npx vitest run --project unit lib/domain/plan-review components/infra/plan-review

plan-review-fixtures: toolchain ## remake the real plan fixtures (OpenTofu + AWS provider against moto)
	lib/domain/plan-review/fixtures/make-fixtures.sh

# NODE_ENV=production: React's production build, as `next start` renders with.
bench-plan-review: deps ## plan review benchmark: a 1,000-resource plan summarised + rendered, p95 ≤ 200 ms
	NODE_ENV=production node --import tsx bench/plan-review/run.ts
