# Shared prerequisites: Debian packages and node_modules (with the generated Prisma client).
.PHONY: system-deps deps

system-deps: ## install missing Debian packages (chromium, prometheus, postgresql)
	@scripts/setup/system-packages.sh

node_modules/.deps-stamp: package-lock.json package.json prisma/schema.prisma
	npm ci --no-audit --no-fund --loglevel=error
	node scripts/db/generate.mjs
	@touch $@

deps: system-deps node_modules/.deps-stamp ## install npm packages and generate the Prisma client
