// @tollbooth/db: the data layer at run time. Imports nothing internal (see ARCHITECTURE.md).
// Requires the generated client (`npm run generate -w @tollbooth/db`; npm start/test run it).
// Tooling lives in "@tollbooth/db/migrate" and "@tollbooth/db/embedded".
export { createDb, createPgPool, type Db, disconnectAllDbs } from "./client";
export { Prisma, PrismaClient } from "./generated/client";
export * from "./generated/enums";
export type * from "./generated/models";
export { dataDir } from "./repo-root";
export * from "./secrets/index";
export { seedBase } from "./seed";
export { recordUsageEvents, type UsageEventInput } from "./usage-events";
