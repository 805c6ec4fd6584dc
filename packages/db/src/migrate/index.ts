// @tollbooth/db/migrate: generate, migrate and diff through the pinned Prisma CLI, for tooling.
// Kept out of the main entry: it spawns the CLI and resolves files relative to this package.
export {
  diffMigrationsToSchema,
  generateClient,
  listMigrations,
  type MigrateOptions,
  migrate,
  type SchemaDrift,
  schemaCreationSql,
} from "./migrate";
export { migrationsDir, PrismaCliError, type PrismaCliResult, runPrismaCli, schemaPath } from "./prisma-cli";
