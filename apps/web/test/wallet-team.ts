import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb } from "@tollbooth/db";
import { closeLndClients } from "@tollbooth/lightning";
import { type RunningSimnet, simnetAdmin, startSimnet } from "@tollbooth/simnet";
import { TRPCError } from "@trpc/server";
import { getSessionUser } from "../src/server/auth/get-session-user";
import { signUp } from "../src/server/auth/sign-up";
import { createCaller } from "../src/server/trpc/root";

/**
 * What every wallet-connection test starts from: a simnet of its own (the web app pointed at its
 * admin API, as for the one-click wallet), a signed-up provider's tRPC caller and one API whose
 * payments the connected wallet is to receive. `label` keeps the runs' names apart.
 */
export async function startWalletTeam(label: string) {
  const databaseUrl = process.env.DATABASE_URL;
  assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
  const db = createDb(databaseUrl);
  const run = randomBytes(4).toString("hex");
  const dir = await mkdtemp(join(tmpdir(), `web-${label}-`));
  let simnet: RunningSimnet | undefined;
  const stop = async () => {
    await closeLndClients();
    await simnet?.stop();
    await db.$disconnect();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    simnet = await startSimnet({ dataDir: dir, grpcPort: 0, adminPort: 0 });
    process.env.TOLLBOOTH_SIMNET_ADMIN = simnet.adminUrl;
    process.env.TOLLBOOTH_SIMNET_ADMIN_TOKEN = simnet.adminToken;
    const s = await signUp(db, { email: `${label}-${run}@it.test`, password: "a long enough password" });
    const user = (await getSessionUser(db, s.token))!;
    const caller = createCaller({
      db,
      user,
      sessionToken: undefined,
      resHeaders: new Headers(),
      secure: false,
    });
    const api = await caller.apis.create({
      name: `${label} API`,
      slug: `${label}-${run}`,
      upstreamBaseUrl: "http://127.0.0.1:9",
    });
    const admin = simnetAdmin(simnet.adminUrl, simnet.adminToken);
    return { db, run, simnet, admin, caller, apiId: api.id, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export type WalletTeam = Awaited<ReturnType<typeof startWalletTeam>>;

/** A tRPC BAD_REQUEST whose message says `words`. */
export const badRequest = (words: RegExp) => (err: unknown) =>
  err instanceof TRPCError && err.code === "BAD_REQUEST" && words.test(err.message);
