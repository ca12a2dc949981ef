# Infrastructure runs (issue 11): the browser journeys on real OpenTofu against moto, and the live
# console benchmark (bench/infra-console, results in bench/RESULTS.md).
.PHONY: e2e-tofu bench-infra-console

# Two worlds: one whose Jenkins agent has no tofu (the plan fails fast, the page says why), then the
# toolchain's world, where dev is built by the portal's plan → approve → apply and then drifted by hand.
e2e-tofu: build sandbox-deps toolchain ## Playwright @no-toolchain then @tofu specs: fail-fast without tofu; plan → approve → apply of dev, drift, tampered plan (real OpenTofu against moto)
	SANDBOX_JENKINS_TOOLCHAIN=none E2E_WITH_WORLD=1 E2E_DATABASE=pglite scripts/test/e2e.sh --grep @no-toolchain
	E2E_WITH_WORLD=1 E2E_DATABASE=pglite scripts/test/e2e.sh --grep @tofu

# In `make test` after e2e. A fresh clone builds the toolchain first (the `toolchain` prerequisite,
# cached afterwards, as for infra-test). Joined after 3 green runs in a row: 5.0–5.9 min of Playwright
# each at load 15–30 on 2 cores.
TEST_TARGETS += e2e-tofu

bench-infra-console: deps ## run page console: first bytes after the build starts (≤ 2 s), added latency per chunk (p95 ≤ 100 ms)
	scripts/test/with-postgres.sh node --conditions=react-server --import tsx bench/infra-console/run.ts
