# One image for every Tollbooth service; docker-compose.yml picks the command.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
COPY . .
RUN npm ci --no-audit --no-fund \
 && npm run generate -w @tollbooth/db \
 && npm run build -w @tollbooth/web
EXPOSE 3000 8402
