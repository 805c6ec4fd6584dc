// npm run seed -w @tollbooth/db — base rows only; the demo provider is seeded by apps/web.
import { createDb, disconnectAllDbs } from "../src/client";
import { withDefaultDatabase } from "../src/embedded/default-database";
import { seedBase } from "../src/seed";

await withDefaultDatabase(async (url, where) => {
  try {
    const counts = await seedBase(createDb(url));
    console.log(
      `Seeded ${where}: base rows in place (${counts.tenants} tenants, ${counts.apis} APIs present).`,
    );
  } finally {
    await disconnectAllDbs();
  }
});
