// A clean database for a test stage: a new database on the server at DATABASE_URL, or a new
// embedded PGlite server when there is none.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./bootstrap.mjs";
import { startEmbeddedPostgres } from "./stack.mjs";

export async function freshDatabase(group, { baseUrl, suffix }) {
  if (!baseUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), `tollbooth-${suffix}-`));
    const url = await startEmbeddedPostgres(group, { dataDir, port: await freePort() });
    return { url, dataDir };
  }
  const { default: pg } = await import("pg");
  const base = new URL(baseUrl);
  // Tests create and drop databases: never let them loose on a server that is not this machine.
  const local = ["127.0.0.1", "localhost", "[::1]", ""].includes(base.hostname);
  if (!local && !process.env.TOLLBOOTH_ALLOW_REMOTE_TEST_DB) {
    throw new Error(`refusing to run tests against ${base.hostname}: DATABASE_URL must be on this machine`);
  }
  const name = `${base.pathname.slice(1) || "postgres"}_${suffix}`
    .replace(/[^a-zA-Z0-9_]/g, "_")
    .slice(0, 60);
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  base.pathname = `/${name}`;
  return { url: base.toString(), dataDir: mkdtempSync(join(tmpdir(), `tollbooth-${suffix}-`)) };
}
