# Infrastructure tree (infra/, helm/, Jenkinsfiles): the toolchain and the infra test suite.
# `make toolchain` builds what is missing (OpenTofu and the AWS provider from the Go module proxy take
# the longest; see infra/README.md → "Measured") and links it into .toolchain/bin.
.PHONY: toolchain infra-test infra-docs

# Stages `make test` runs: all of them (tests/infra/run-all.sh lists them), including tofu validate/test
# and the moto apply → empty re-plan → destroy of dev. Name stages to run fewer, e.g.
# `make infra-test INFRA_TEST_STAGES="helm checkov"`.
INFRA_TEST_STAGES ?= all

toolchain: ## build or link OpenTofu + AWS provider mirror, helm, kubeconform, checkov, moto, groovy (cached)
	@scripts/toolchain/install.sh

infra-test: system-deps ## infra/helm/Jenkins/monitoring checks with the real tools (stages: INFRA_TEST_STAGES)
	@INFRA_TEST_STAGES="$(if $(filter all,$(INFRA_TEST_STAGES)),,$(INFRA_TEST_STAGES))" tests/infra/run-all.sh

infra-docs: ## regenerate the terraform-docs tables in infra/modules/*/README.md
	@python3 tests/infra/tfdocs.py --write

TEST_TARGETS += infra-test
