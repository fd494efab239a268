# The headless server in a container (the deployment guide's Options 2 and 3).
# Build: docker build -t memoryos-mcp .
# Run:   docker run -p 3000:3000 -e MCP_API_KEY=... -v $(pwd)/memoryos_data:/app/memoryos_data memoryos-mcp

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 builds from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY . .
# npm ci builds everything (the package's prepare script), then the dev tools are dropped.
RUN npm ci && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    SERVER_MODE=streamable-http \
    MEMORYOS_DATA_DIR=/app/memoryos_data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/memoryos_data && chown -R node:node /app/memoryos_data && chmod 700 /app/memoryos_data
USER node
VOLUME ["/app/memoryos_data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Behind a reverse proxy, also set TRUSTED_HOSTS, TRUST_PROXY and REQUIRE_HTTPS (see README).
CMD ["node", "dist/main/cli/index.js", "serve"]
