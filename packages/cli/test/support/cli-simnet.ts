/**
 * A simnet in a temp dir for one test file, and the env that points the real `tollbooth` bin at
 * it (with its own TOLLBOOTH_HOME, so tokens and spend history start empty).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeLndClients } from "@tollbooth/lightning";
import { type RunningSimnet, startSimnet } from "@tollbooth/simnet";

export interface CliSimnet {
  sim: RunningSimnet;
  dataDir: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startCliSimnet(prefix: string, builderFundingSats: number): Promise<CliSimnet> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const sim = await startSimnet({ dataDir, grpcPort: 0, adminPort: 0, builderFundingSats });
  return {
    sim,
    dataDir,
    env: {
      TOLLBOOTH_SIMNET_ADMIN: sim.adminUrl,
      TOLLBOOTH_SIMNET_ADMIN_TOKEN: sim.adminToken,
      TOLLBOOTH_HOME: join(dataDir, "home"),
    },
    async stop() {
      await closeLndClients();
      await sim.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
