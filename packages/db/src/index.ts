// @tollbooth/db: the data layer. Imports nothing internal (see ARCHITECTURE.md).
// Requires the generated client (`npm run generate -w @tollbooth/db`, run by npm start/test).
export { createDb, createPgPool, type Db, disconnectAllDbs } from "./client";
export { EmbeddedPostgresBusyError, readDataDirLock } from "./embedded/data-dir-lock";
export { defaultEmbeddedDataDir, withDefaultDatabase } from "./embedded/default-database";
export {
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
  startEmbeddedPostgres,
} from "./embedded/embedded-postgres";
export { Prisma, PrismaClient } from "./generated/client";
export * from "./generated/enums";
export type * from "./generated/models";
export {
  diffMigrationsToSchema,
  generateClient,
  listMigrations,
  type MigrateOptions,
  migrate,
  type SchemaDrift,
} from "./migrate/migrate";
export { PrismaCliError } from "./migrate/prisma-cli";
export * from "./secrets/index";
export { seedBase } from "./seed";
export { recordUsageEvents, type UsageEventInput } from "./usage-events";
