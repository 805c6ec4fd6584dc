// Read by the Prisma CLI only (generate, migrate deploy, migrate diff). Prisma 6.19 with
// `engine: "js"` runs its schema engine as wasm and talks to Postgres through this driver adapter,
// so no engine binary is ever downloaded. See README.md ("Why the Prisma versions are pinned").
import path from "node:path";
import { defineConfig } from "prisma/config";
import { createMigrationAdapter } from "./src/migrate/migration-adapter";

const root = path.resolve(import.meta.dirname, "../..");

export default defineConfig({
  schema: path.join(root, "prisma/schema.prisma"),
  // TOLLBOOTH_MIGRATIONS_DIR exists for packages/db's own tests (a scratch migrations folder).
  migrations: { path: process.env.TOLLBOOTH_MIGRATIONS_DIR ?? path.join(root, "prisma/migrations") },
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: the Prisma CLI needs a database to talk to.");
    // Set by our own tooling (migration:create, the drift test) when DATABASE_URL is a fresh
    // throwaway server; never set it for a database holding data.
    return createMigrationAdapter(url, { databaseIsScratch: process.env.TOLLBOOTH_SCRATCH_DATABASE === "1" });
  },
});
