# Infrastructure runs (issue 11): the live console benchmark (bench/infra-console, results in bench/RESULTS.md).
.PHONY: bench-infra-console
bench-infra-console: deps ## run page console: first bytes after the build starts (≤ 2 s), added latency per chunk (p95 ≤ 100 ms)
	scripts/test/with-postgres.sh node --conditions=react-server --import tsx bench/infra-console/run.ts
