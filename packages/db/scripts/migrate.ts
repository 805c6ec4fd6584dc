// npm run migrate -w @tollbooth/db — applies pending migrations to DATABASE_URL, or to the
// embedded database under .data/ when DATABASE_URL is unset. Offline.
import { withDefaultDatabase } from "../src/embedded/default-database";
import { migrate } from "../src/migrate/migrate";

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
});
