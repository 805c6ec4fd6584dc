import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

/** packages/db: where prisma.config.ts lives, so the CLI always finds it. */
export const dbPackageDir = path.resolve(here, "../..");
export const repoRoot = path.resolve(dbPackageDir, "../..");
export const schemaPath = path.join(repoRoot, "prisma/schema.prisma");
export const migrationsDir = path.join(repoRoot, "prisma/migrations");

const prismaCliEntry = require.resolve("prisma/build/index.js");
const unrefTimersPreload = path.join(here, "unref-engine-timers.cjs");

// `generate` and datamodel-only commands never connect, but Prisma 6 refuses a schema whose
// `url = env("DATABASE_URL")` is unset, and an unreadable schema makes the CLI fall back to
// downloading the native query engine. An unreachable placeholder keeps both quiet.
const placeholderUrl = "postgresql://offline@127.0.0.1:1/unused";

export type PrismaCliOptions = {
  databaseUrl?: string;
  /** Extra environment for the CLI (e.g. TOLLBOOTH_SCRATCH_DATABASE). */
  env?: Record<string, string>;
  /** Called with each line the CLI prints (stdout and stderr). */
  onLine?: (line: string) => void;
};

export type PrismaCliResult = { exitCode: number; stdout: string; stderr: string };

export class PrismaCliError extends Error {
  override name = "PrismaCliError";
  constructor(
    readonly args: string[],
    readonly result: PrismaCliResult,
  ) {
    super(`prisma ${args[0] ?? ""} ${args[1] ?? ""} failed (exit ${result.exitCode}): ${lastLines(result)}`);
  }
}

function lastLines(result: PrismaCliResult): string {
  // The CLI prints its error (and the database's) to stderr, starting at "Error".
  const stderr = result.stderr.split("\n").filter((line) => line.trim() && !isKnownNoise(line));
  const errorAt = stderr.findIndex((line) => /^Error\b/.test(line));
  if (errorAt >= 0) return stderr.slice(errorAt, errorAt + 6).join("\n");
  const all = [...stderr, ...result.stdout.split("\n").filter((line) => line.trim() && !isKnownNoise(line))];
  return all.slice(-8).join("\n");
}

// Prisma 6 warns that the schema's `url` is unused with a driver adapter, yet refuses a schema
// without it (see prisma/schema.prisma). Nothing to act on, so it is not passed on.
const noise = [
  "WARNING: Your schema specifies the following datasource properties",
  "- url",
  "The values from your schema will NOT be used!",
  "We recommend you to remove those properties",
  "Prisma config detected, skipping environment variable loading.",
  "Loaded Prisma config from prisma.config.ts.",
];

function isKnownNoise(line: string): boolean {
  return noise.some((prefix) => line.trim().startsWith(prefix));
}

/** Runs the pinned Prisma CLI offline and resolves with its exit code and output (never throws on exit code). */
export function runPrismaCli(args: string[], options: PrismaCliOptions = {}): Promise<PrismaCliResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl ?? process.env.DATABASE_URL ?? placeholderUrl,
    // No update check, no telemetry: both would try the network.
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    PRISMA_DISABLE_WARNINGS: "1",
    NO_COLOR: "1",
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", unrefTimersPreload, prismaCliEntry, ...args], {
      cwd: dbPackageDir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: string[] = [];
    const err: string[] = [];
    const forward = (sink: string[]) => (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      sink.push(text);
      if (!options.onLine) return;
      for (const line of text.split("\n")) if (line.trim() && !isKnownNoise(line)) options.onLine(line);
    };
    child.stdout.on("data", forward(out));
    child.stderr.on("data", forward(err));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      resolve({ exitCode: code ?? (signal ? 128 : 1), stdout: out.join(""), stderr: err.join("") });
    });
  });
}

/** Like runPrismaCli, but a non-zero exit (other than those in `okExitCodes`) is a PrismaCliError. */
export async function runPrismaCliChecked(
  args: string[],
  options: PrismaCliOptions & { okExitCodes?: number[] } = {},
): Promise<PrismaCliResult> {
  const result = await runPrismaCli(args, options);
  const ok = options.okExitCodes ?? [0];
  if (!ok.includes(result.exitCode)) throw new PrismaCliError(args, result);
  return result;
}
