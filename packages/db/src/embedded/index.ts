// @tollbooth/db/embedded: the embedded Postgres, for start/test tooling. Kept out of the main
// entry so apps bundling @tollbooth/db (Next) never pull in PGlite.
export { EmbeddedPostgresBusyError, lockFileFor, readDataDirLock } from "./data-dir-lock";
export { defaultEmbeddedDataDir, withDefaultDatabase } from "./default-database";
export {
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
  startEmbeddedPostgres,
} from "./embedded-postgres";
