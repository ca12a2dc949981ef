# Sandbox world (sandbox/, tests/sandbox/): emulators + real git, moto and Prometheus.
# `make sandbox` runs it in the foreground; `make sandbox-test` runs its contract and integration tests.
.PHONY: sandbox sandbox-deps sandbox-test

MOTO_VENV ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/nura-toolchain/moto-venv
MOTO_VERSION ?= 5.2.5
export SANDBOX_MOTO_VENV := $(MOTO_VENV)

# moto's server in a venv cached outside the repo, so reruns and fresh clones are fast.
$(MOTO_VENV)/.stamp-$(MOTO_VERSION):
	@command -v python3 >/dev/null || { echo "python3 is required (make system-deps)"; exit 1; }
	python3 -m venv $(MOTO_VENV)
	$(MOTO_VENV)/bin/pip install --quiet --disable-pip-version-check 'moto[server]==$(MOTO_VERSION)'
	@touch $@

sandbox-deps: deps $(MOTO_VENV)/.stamp-$(MOTO_VERSION) ## install what the sandbox needs (moto venv, prometheus, git)
	@test -x /usr/bin/prometheus || { echo "/usr/bin/prometheus missing (make system-deps)"; exit 1; }
	@command -v git >/dev/null || { echo "git missing (make system-deps)"; exit 1; }

sandbox: sandbox-deps ## run the sandbox world in the foreground (writes .data/sandbox/portal.env)
	npx tsx sandbox/main.ts

SANDBOX_TS_PATHS := sandbox tests/sandbox

sandbox-test: sandbox-deps ## lint and test the sandbox (starts and stops its own worlds)
	npx biome check $(SANDBOX_TS_PATHS)
	npx vitest run --config tests/sandbox/vitest.config.ts

# tests/sandbox/*.integration-test.ts also match the portal's integration project, which then
# needs moto and Prometheus installed too.
integration: sandbox-deps

# Not in TEST_TARGETS: `make test` already runs these files through the portal's `lint`, `unit`
# (sandbox/**/*.test.ts) and `integration` (tests/**/*.integration-test.ts) targets.
