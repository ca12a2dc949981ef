# Sandbox fidelity (tests/fidelity/): each emulator driven by a maintained third-party client of the
# system it stands for — the official kubernetes Python client, python-jenkins and jenkinsapi,
# slack_sdk, grafana-client, and plain HTTP for Argo CD — so fidelity is judged by someone else's
# code, not only by the portal's adapters. The clients are pinned in tests/fidelity/requirements.txt
# and installed into a venv under the toolchain cache, keyed by that file's content.
.PHONY: fidelity fidelity-deps

FIDELITY_REQ_HASH := $(shell sha256sum tests/fidelity/requirements.txt | cut -c1-12)
FIDELITY_VENV ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/nura-toolchain/fidelity-venv-$(FIDELITY_REQ_HASH)

# No prerequisite on the file itself: its content is in the folder name, and a checkout's mtimes say nothing.
$(FIDELITY_VENV)/.stamp:
	@command -v python3 >/dev/null || { echo "python3 is required (make system-deps)"; exit 1; }
	rm -rf $(FIDELITY_VENV)
	python3 -m venv $(FIDELITY_VENV)
	$(FIDELITY_VENV)/bin/pip install --quiet --disable-pip-version-check -r tests/fidelity/requirements.txt
	@touch $@

fidelity-deps: $(FIDELITY_VENV)/.stamp

# The suite starts its own sandbox world (tsx sandbox/main.ts, ephemeral ports, temp data dir).
fidelity: sandbox-deps fidelity-deps ## drive every emulator with its system's own third-party client
	cd tests/fidelity && $(FIDELITY_VENV)/bin/pytest -p no:cacheprovider

TEST_TARGETS += fidelity
