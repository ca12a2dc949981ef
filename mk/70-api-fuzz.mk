# The API fuzzer: schemathesis (PyPI) against /api/openapi.json as every role and as nobody
# (scripts/test/api-fuzz.sh, hooks in tests/api/). Its own venv under the toolchain cache.
.PHONY: api-fuzz api-fuzz-deps

SCHEMATHESIS_VERSION ?= 4.32.5
SCHEMATHESIS_VENV ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/nura-toolchain/schemathesis-venv-$(SCHEMATHESIS_VERSION)
export SCHEMATHESIS_VENV

$(SCHEMATHESIS_VENV)/.stamp:
	@command -v python3 >/dev/null || { echo "python3 is required (make system-deps)"; exit 1; }
	python3 -m venv $(SCHEMATHESIS_VENV)
	$(SCHEMATHESIS_VENV)/bin/pip install --quiet --disable-pip-version-check 'schemathesis==$(SCHEMATHESIS_VERSION)'
	@touch $@

api-fuzz-deps: $(SCHEMATHESIS_VENV)/.stamp

api-fuzz: build sandbox-deps api-fuzz-deps ## schemathesis against the portal's OpenAPI document, every role and none
	scripts/test/api-fuzz.sh

TEST_TARGETS += api-fuzz
