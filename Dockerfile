# Junction in a container. Build: docker build -t junction .
# Run:   docker run -p 8080:8080 -v "$PWD/junction.json:/etc/junction/junction.json:ro" junction
# The image listens on 0.0.0.0, so its default configuration (deploy/junction.json) refuses
# anonymous clients; mount a file with your users (docs/operations.md "Users in a container").

# --- build: all dependencies, compile TypeScript -------------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm install, not npm ci: the registry omits other platforms' optional binaries (cbor-extract's)
# from the lock file and npm ci refuses it (see .ci/run). --ignore-scripts: "prepare" would build
# before the sources are copied; the build is the next step.
RUN npm install --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

# --- run: production dependencies and the compiled broker only ----------------------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist/src dist/src
COPY --from=build /app/dist/cli dist/cli
COPY --from=build /app/dist/protocols dist/protocols
COPY deploy/junction.json /etc/junction/junction.json
# The node image's unprivileged user; 8080 needs no privilege.
USER node
EXPOSE 8080
# Slim images have no curl; node itself asks /readyz (503 while starting, draining, or while
# Redis is unreachable). Set the port with JUNCTION_PORT, not --port, so this check follows it.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.JUNCTION_PORT || 8080) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop) drains: readiness 503, protocol goodbyes, close 1001, exit 0.
# docker stop waits 10 s by default, as long as limits.shutdownGrace: use --stop-timeout 15.
CMD ["node", "dist/cli/main.js", "--config", "/etc/junction/junction.json", "--host", "0.0.0.0"]
