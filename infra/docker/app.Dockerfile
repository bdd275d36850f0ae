# syntax=docker/dockerfile:1.7
# One image recipe for the five apps (docker-compose.yml): build context = the repository root,
# `--build-arg APP=<gateway|grpc-server|stream-producer|stream-consumer|trainer>`.
#
#   workspace  the monorepo with every dependency (dev ones too), installed from the lockfile;
#              the one-shot `provision` service runs `pnpm provision` (tsx, from sources) here
#   build      compiles apps/$APP and the libs it imports (Nx builds dependencies first), then
#              `pnpm deploy` copies the app with its production dependencies only, libs included
#   runtime    Node and the deployed app, run as the unprivileged `node` user: `node dist/main.js`
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS workspace
ENV PNPM_HOME=/pnpm \
    PATH=/pnpm:$PATH \
    COREPACK_ENABLE_DOWNLOAD_PROMPT=0 \
    NX_DAEMON=false \
    NX_NO_CLOUD=true \
    CI=true
WORKDIR /repo
# pnpm at the version (and hash) pinned by package.json's `packageManager`, fetched once into this layer.
COPY package.json ./
RUN corepack enable && corepack install
# Downloads depend on the lockfile alone, so this layer survives every source change.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store pnpm fetch --frozen-lockfile
COPY . .
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store pnpm install --frozen-lockfile --offline

FROM workspace AS build
ARG APP
RUN test -n "${APP}" || { echo 'build with --build-arg APP=<app under apps/>' >&2; exit 1; }
RUN pnpm nx run "@crypto/app-${APP}:build"
# --legacy: pnpm 10's default deploy requires `inject-workspace-packages=true` for the whole workspace.
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm --filter "@crypto/app-${APP}" --prod deploy --legacy "/deploy/apps/${APP}"

FROM ${NODE_IMAGE} AS runtime
ARG APP
ENV NODE_ENV=production \
    APP=${APP}
# The repository's layout is kept (/srv/apps/<app>, /srv/proto) because grpc-server resolves the
# contract as <app>/dist/../../../proto/crypto_service.proto, from sources and from the build alike.
WORKDIR /srv/apps/${APP}
COPY --from=build --chown=node:node /deploy/apps/${APP} ./
COPY --from=build --chown=node:node /repo/proto /srv/proto
USER node
CMD ["node", "dist/main.js"]
