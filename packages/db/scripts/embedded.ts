// npm run embedded -w @tollbooth/db [-- --data-dir <dir>] [--port <n>] [--max-connections <n>]
// Serves the embedded Postgres until SIGINT/SIGTERM; prints `DATABASE_URL=<url>` once ready.
import { parseArgs } from "node:util";
import { defaultEmbeddedDataDir } from "../src/embedded/default-database";
import { startEmbeddedPostgres } from "../src/embedded/embedded-postgres";

const { values } = parseArgs({
  options: {
    "data-dir": { type: "string" },
    port: { type: "string" },
    host: { type: "string" },
    "max-connections": { type: "string" },
  },
});
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be 0–65535, got ${values.port}`);
  process.exit(2);
}
const maxConnections =
  values["max-connections"] === undefined ? undefined : Number(values["max-connections"]);
if (maxConnections !== undefined && !(Number.isInteger(maxConnections) && maxConnections > 0)) {
  console.error(`--max-connections must be a positive whole number, got ${values["max-connections"]}`);
  process.exit(2);
}
const dataDir = values["data-dir"] ?? defaultEmbeddedDataDir();
const embedded = await startEmbeddedPostgres({ dataDir, port, host: values.host, maxConnections });
console.log(`Embedded Postgres serving ${dataDir}`);
console.log(`DATABASE_URL=${embedded.url}`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping embedded Postgres…`);
  await embedded.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
