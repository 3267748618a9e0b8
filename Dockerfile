# nmrbot container: paper or live trading 24/7. See docs/operations.md.
#   docker build -t nmrbot .
#   docker run -d --name nmrbot --restart on-failure:5 --env-file nmrbot.env \
#     -v nmrbot-data:/var/lib/nmrbot -v "$PWD/nmrbot.yaml:/etc/nmrbot/nmrbot.yaml:ro" nmrbot paper
# `docker stop` sends SIGTERM and waits --time (default 10 s; use -t 90, like the systemd unit).

# --- build: compile TypeScript, then drop the dev dependencies ---
FROM node:20-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build \
  # tsx stays: it is a runtime dependency (strategies written in TypeScript are loaded through it).
  && npm prune --omit=dev

# --- run: node, the compiled code and the production dependencies, as a non-root user ---
FROM node:20-slim
ENV NODE_ENV=production \
    NMRBOT_CONFIG=/etc/nmrbot/nmrbot.yaml
RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates tini \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --system nmrbot \
  && useradd --system --gid nmrbot --home-dir /var/lib/nmrbot --shell /usr/sbin/nologin nmrbot \
  && install -d -o nmrbot -g nmrbot -m 0750 /var/lib/nmrbot \
  && install -d -m 0755 /etc/nmrbot
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY docs ./docs
USER nmrbot
# The store (store.path ./nmrbot.db resolves here), the journal and the risk state.
WORKDIR /var/lib/nmrbot
VOLUME ["/var/lib/nmrbot"]
STOPSIGNAL SIGTERM
# tini forwards SIGTERM to node and reaps children.
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/bin/nmrbot.js"]
CMD ["paper"]
