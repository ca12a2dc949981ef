# Infrastructure tree (infra/, helm/, Jenkinsfiles): the toolchain and the infra test suite.
# `make toolchain` builds what is missing (OpenTofu and the AWS provider from the Go module proxy take
# the longest; see infra/README.md → "Measured") and links it into .toolchain/bin.
.PHONY: toolchain infra-test infra-test-all infra-docs

# Stages `make test` runs (tests/infra/run-all.sh lists them all). e2e needs the
# hashicorp/aws provider build, which did not finish inside the session that wrote them on this shared
# 2-core machine, so they are not yet verified: run them with `make infra-test-all` and, once green,
# set this to "all" (infra/README.md → "Status").
INFRA_TEST_STAGES ?= tofu-fmt tofu-static tofu-test helm manifests checkov monitoring jenkins pytest

toolchain: ## build or link OpenTofu + AWS provider mirror, helm, kubeconform, checkov, moto, groovy (cached)
	@scripts/toolchain/install.sh

infra-test: system-deps ## infra/helm/Jenkins/monitoring checks with the real tools (stages: INFRA_TEST_STAGES)
	@INFRA_TEST_STAGES="$(if $(filter all,$(INFRA_TEST_STAGES)),,$(INFRA_TEST_STAGES))" tests/infra/run-all.sh

infra-test-all: system-deps ## every infra stage, including tofu validate/test and the moto apply → plan → destroy
	@tests/infra/run-all.sh tofu-fmt tofu-static tofu-test helm manifests checkov monitoring jenkins pytest e2e

infra-docs: ## regenerate the terraform-docs tables in infra/modules/*/README.md
	@python3 tests/infra/tfdocs.py --write

TEST_TARGETS += infra-test
