/** The real gateway process (src/server.ts under tsx, as `npm start` runs it), for tests of the process itself. */
import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("../../src/server.ts", import.meta.url));

/** Starts server.ts with exactly this environment; the caller watches and stops it. */
export function spawnGatewayProcess(env: NodeJS.ProcessEnv, stdio: SpawnOptions["stdio"]): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", SERVER], { env, stdio });
}
