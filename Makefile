# Nura Platform Portal — the two commands a newcomer needs are `make demo` and `make test`.
# Each area adds its own targets in mk/<area>.mk and appends its test target to TEST_TARGETS,
# so `make test` runs everything CI runs, in the order the fragments list it.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export PATH := $(CURDIR)/.toolchain/bin:$(CURDIR)/node_modules/.bin:$(PATH)
export NEXT_TELEMETRY_DISABLED := 1
export CHECKPOINT_DISABLE := 1

TEST_TARGETS :=
include mk/*.mk

.PHONY: help test
help:
	@echo "make demo   run the portal on the sandbox world at http://localhost:3000"
	@echo "make test   everything CI runs"
	@grep -hE '^[a-z-]+:.*## ' Makefile mk/*.mk | sed -E 's/:.*## /\t/' | sort | awk -F'\t' '{printf "  %-18s %s\n", $$1, $$2}'

test: $(TEST_TARGETS) ## everything CI runs
	@echo "make test: all suites passed ($(TEST_TARGETS))"
