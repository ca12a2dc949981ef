# Infrastructure tree (infra/, helm/, Jenkinsfiles): the toolchain and the infra test suite.
# `make toolchain` builds what is missing (OpenTofu and the AWS provider from the Go module proxy take
# the longest; see infra/README.md for the measured times) and links it into .toolchain/bin.
.PHONY: toolchain infra-test infra-docs

toolchain: ## build or link OpenTofu + AWS provider mirror, helm, kubeconform, checkov, moto, groovy (cached)
	@scripts/toolchain/install.sh

infra-test: system-deps toolchain ## infra/helm/Jenkins/monitoring checks with the real tools, moto end to end
	@tests/infra/run-all.sh

infra-docs: ## regenerate the terraform-docs tables in infra/modules/*/README.md
	@python3 tests/infra/tfdocs.py --write

TEST_TARGETS += infra-test
