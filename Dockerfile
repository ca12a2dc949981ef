# syntax=docker/dockerfile:1.7
# The portal image: Next.js standalone output on a slim Node runtime, non-root, no build tools.
# Built in CI by kaniko (scripts/ci/image-build-push.sh); tags are the build's semver (image.tag).

ARG NODE_VERSION=20.19

# --- deps: the locked dependency tree, cached on package-lock.json alone --------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
COPY package.json package-lock.json ./
COPY prisma ./prisma
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund --loglevel=error

# --- build: Prisma client + next build (output: "standalone") ------------------------------------------
FROM deps AS build
COPY . .
# migrator/: scripts/db/migrate.ts bundled for the chart's migration Job (scripts/db/build-migrator.sh).
RUN npm run db:generate && npm run build && scripts/db/build-migrator.sh /app/migrator && npm prune --omit=dev

# --- runtime: only the standalone server, static assets, the migrations and their migrator ---------------
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
WORKDIR /app
RUN groupadd --system --gid 10001 nura && useradd --system --uid 10001 --gid nura --no-create-home nura
COPY --from=build --chown=10001:10001 /app/.next/standalone ./
COPY --from=build --chown=10001:10001 /app/.next/static ./.next/static
COPY --from=build --chown=10001:10001 /app/prisma ./prisma
COPY --from=build --chown=10001:10001 /app/config ./config
COPY --from=build --chown=10001:10001 /app/migrator ./migrator
USER 10001:10001
EXPOSE 3000
# For `docker run`; on Kubernetes the chart's probes do this job (the kubelet ignores HEALTHCHECK).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The Helm chart probes /api/health (liveness) and /api/ready (readiness); the root filesystem is
# mounted read-only there, with /tmp and .next/cache as emptyDirs.
CMD ["node", "server.js"]
