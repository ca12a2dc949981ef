# Audit log (issue 5): unit tests of the hash chain, integration tests on a throwaway real
# PostgreSQL, and the million-event benchmark (bench/audit, results in bench/RESULTS.md).
.PHONY: audit-test audit-bench audit-archive

audit-test: deps ## audit log: hash-chain unit tests + service/route integration tests on PostgreSQL
	npx vitest run --project unit lib/domain/audit-chain.test.ts lib/domain/audit-actions.test.ts
	scripts/test/with-postgres.sh npx vitest run --project integration tests/audit

# Not in TEST_TARGETS: `make test` runs these same files through the portal's `unit` and
# `integration` targets; this target is the quick way to run only the audit suite.

# AUDIT_BENCH_EVENTS=100000 for a quick run; the recorded figures use the default 1,000,000.
audit-bench: deps ## audit log benchmark on PostgreSQL: 1M events, page p95, export, appends, 50 writers
	scripts/test/with-postgres.sh node --conditions=react-server --import tsx bench/audit/run.ts

AUDIT_RETENTION_DAYS ?= 365
AUDIT_ARCHIVE_DIR ?= .data/audit-archive
audit-archive: deps ## archive audit events older than AUDIT_RETENTION_DAYS to AUDIT_ARCHIVE_DIR (nothing is deleted)
	node --conditions=react-server --import tsx scripts/audit/archive.ts --older-than-days $(AUDIT_RETENTION_DAYS) --dir $(AUDIT_ARCHIVE_DIR)
