# One image for Herald's API and worker (docker-compose.yml runs it twice with another command).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The workspace's manifest (client/, @herald/client): npm ci needs every workspace the lock names.
COPY client/package.json client/
COPY bin/postinstall.js bin/install-temporal.sh bin/
# The Temporal binaries are for local dev and tests; in this image Herald talks to a real cluster.
ENV HERALD_SKIP_TEMPORAL_INSTALL=1
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HERALD_API_HOST=0.0.0.0 HERALD_SKIP_TEMPORAL_INSTALL=1
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
# The console, built by `npm run build` (bin/build-console.js finds it beside package.json).
COPY --from=build /app/.console-build .console-build
COPY --from=build /app/bin/build-console.js bin/build-console.js
COPY package.json ./
USER node
EXPOSE 3000
ENTRYPOINT ["node", "dist/bin/herald.js"]
CMD ["api"]
