# syntax=docker/dockerfile:1
# Multi-stage: compile with every dependency, ship with production dependencies only.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY machines ./machines
COPY drizzle ./drizzle
COPY migrations ./migrations
COPY public ./public
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
# tini is PID 1: it forwards SIGTERM to node and reaps zombies, so node (not a shell or npm)
# receives the signal and drains within SHUTDOWN_TIMEOUT_MS.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/.data
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
USER node
EXPOSE 3000
# /ready answers within READY_TIMEOUT_MS (2 s by default) whatever the database does.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--"]
# A larger young generation (up to 32 MB per semi-space instead of 16): a request allocates
# short-lived objects (parsed rows, snapshots, replies); fewer scavenges, and V8 no longer maps and
# unmaps new-space pages as it resizes it under load (docs/deploy.md, "Runtime flags").
CMD ["node", "--max-semi-space-size=32", "dist/src/server.js"]
