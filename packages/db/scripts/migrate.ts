// npm run migrate -w @tollbooth/db — applies pending migrations to DATABASE_URL, or to the
// embedded database under .data/ when DATABASE_URL is unset. Offline. Then binds upstream secrets
// sealed before they were bound to an origin (src/secrets/bind-legacy-upstream-secrets.ts).
import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { withDefaultDatabase } from "../src/embedded/default-database";
import { migrate } from "../src/migrate/migrate";
import { dataDir } from "../src/repo-root";
import {
  bindLegacyUpstreamSecrets,
  countLegacyUpstreamSecrets,
} from "../src/secrets/bind-legacy-upstream-secrets";
import { loadKeyRing } from "../src/secrets/master-key";
import { createSecretBox } from "../src/secrets/secret-box";

const started = performance.now();
await withDefaultDatabase(async (url, where) => {
  console.log(`Migrating ${where}…`);
  const { applied } = await migrate({ url, onLine: (line) => console.log(`[prisma] ${line}`) });
  const elapsed = Math.round(performance.now() - started);
  console.log(
    applied.length
      ? `Applied ${applied.length} migration(s) in ${elapsed} ms: ${applied.join(", ")}.`
      : `Database already up to date (${elapsed} ms).`,
  );
  await bindLegacySecrets(url);
});

async function bindLegacySecrets(url: string): Promise<void> {
  const mode = process.env.TOLLBOOTH_LEGACY_UPSTREAM_SECRETS ?? "bind";
  if (mode !== "bind" && mode !== "clear") {
    throw new Error('TOLLBOOTH_LEGACY_UPSTREAM_SECRETS must be "bind" (default) or "clear".');
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const legacy = await countLegacyUpstreamSecrets(client);
    if (legacy === 0) return;
    // Never generate a key here: a fresh key opens nothing and would hide the real one's absence.
    const keyFile = path.join(dataDir(), "master.key");
    if (!process.env.TOLLBOOTH_MASTER_KEY?.trim() && !existsSync(keyFile)) {
      console.warn(
        `${legacy} upstream secret(s) are not bound to their origin yet and no master key is configured: ` +
          "set TOLLBOOTH_MASTER_KEY and migrate again (until then the gateway refuses those APIs).",
      );
      return;
    }
    const report = await bindLegacyUpstreamSecrets(client, createSecretBox(loadKeyRing()), mode);
    console.log(
      `Upstream secrets bound to their origin: ${report.bound} bound, ${report.cleared} cleared` +
        (report.unopenable
          ? `, ${report.unopenable} do not open with the configured keys (left as they are)`
          : "") +
        ".",
    );
  } finally {
    await client.end();
  }
}
