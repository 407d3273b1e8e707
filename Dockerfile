# syntax=docker/dockerfile:1
# The ai4all-sre agent image. Two stages: `build` installs the locked dependencies and bundles the
# agent into one ESM file with esbuild (agent/packaging/build-bundle.ts); `runtime` holds Node and that file
# only: no node_modules, no npm, no Pulumi/cdk8s (docs/adr: agent bundle). Runs as a non-root user
# and writes only to AGENT_DATA_DIR, so it runs with a read-only root filesystem:
#   docker run --read-only --tmpfs /var/lib/ai4all-sre -e KUBECONFIG=... ai4all-sre-agent
#
# Base: node:24-slim pinned by the multi-arch index digest below. The digest was taken from public
# repositories that pin the same image (not re-resolved here: no registry client was available);
# refresh it with `docker buildx imagetools inspect node:24-slim` and update both stages together.
ARG NODE_IMAGE=node:24-slim@sha256:a9f5f7c91a432850b2a8a7797adf5eadb6c733ceed61167806cee7ea7fbc29df

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: no dependency runs code at install time (esbuild ships its binary as a package).
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY catalog ./catalog
COPY agent ./agent
RUN npx tsx agent/packaging/build-bundle.ts --outdir /out

FROM ${NODE_IMAGE} AS runtime
# GitOps mode (AGENT_GITOPS_REPO) commits post-mortems with the git CLI; build with
# --build-arg INSTALL_GIT=true to include it. Off by default to keep the image minimal.
ARG INSTALL_GIT=false
RUN set -eu; \
    if [ "$INSTALL_GIT" = "true" ]; then \
      apt-get update && apt-get install -y --no-install-recommends git openssh-client ca-certificates \
      && rm -rf /var/lib/apt/lists/*; \
    fi; \
    rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /opt/yarn-* /usr/local/bin/yarn /usr/local/bin/yarnpkg; \
    mkdir -p /var/lib/ai4all-sre && chown 65532:65532 /var/lib/ai4all-sre
WORKDIR /app
COPY --from=build --chown=0:0 /out/ /app/
# MALLOC_ARENA_MAX and a small V8 semi-space keep resident memory low under alert storms
# (measured by `npm run bench`, which runs the bundle with the same settings).
# NODE_OPTIONS: the V8 heap limit for a 512 MiB container (agentHeapMebibytes in
# catalog/agent-contract.ts; the AgentWorkload construct sets it from its memory limit).
ENV NODE_ENV=production \
    AGENT_DATA_DIR=/var/lib/ai4all-sre \
    AGENT_PORT=8080 \
    MALLOC_ARENA_MAX=2 \
    NODE_OPTIONS=--max-old-space-size=384
USER 65532:65532
EXPOSE 8080
VOLUME ["/var/lib/ai4all-sre"]
# No --enable-source-maps: Node would decode the whole map at start (+67 MB heap, see docs/adr 0008);
# set NODE_OPTIONS=--enable-source-maps while debugging to map stack traces to TypeScript.
ENTRYPOINT ["node", "--max-semi-space-size=4", "/app/main.mjs"]
