import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { createDb } from "@tollbooth/db";
import { TRPCError } from "@trpc/server";
import { getSessionUser } from "../src/server/auth/get-session-user";
import { signUp } from "../src/server/auth/sign-up";
import { createCaller } from "../src/server/trpc/root";
import { payWithBuilderWallet } from "../src/server/tryit/pay-with-builder";

/** With TOLLBOOTH_ENV=production the development conveniences are gone, on the server. */
process.env.TOLLBOOTH_ENV = "production";
const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
const db = createDb(databaseUrl);
const run = randomBytes(4).toString("hex");
let caller: ReturnType<typeof createCaller>;

before(async () => {
  const s = await signUp(db, { email: `prod-${run}@it.test`, password: "a long enough password" });
  const user = (await getSessionUser(db, s.token))!;
  caller = createCaller({ db, user, sessionToken: undefined, resHeaders: new Headers(), secure: false });
});

after(async () => {
  await db.$disconnect();
});

const badRequest = (err: unknown) => err instanceof TRPCError && err.code === "BAD_REQUEST";

test("loopback, private and metadata upstreams are refused", async () => {
  for (const upstreamBaseUrl of [
    "http://127.0.0.1:4101",
    "http://localhost:4101",
    "http://10.0.0.5/api",
    "http://169.254.169.254/latest",
    "http://[::1]:80/",
  ]) {
    await assert.rejects(
      caller.apis.create({
        name: "Sneaky",
        slug: `prod-${run}-${randomBytes(2).toString("hex")}`,
        upstreamBaseUrl,
      }),
      badRequest,
      upstreamBaseUrl,
    );
  }
  assert.deepEqual(await caller.apis.list(), []);
});

test("a Lightning node on a loopback, private or metadata address is refused before it is dialled", async () => {
  for (const socket of [
    "127.0.0.1:10009",
    "localhost:10009",
    "10.1.2.3:10009",
    "169.254.169.254:80",
    "[::1]:10009",
  ]) {
    await assert.rejects(
      caller.lightning.connectLnd({ socket, macaroon: "00".repeat(20) }),
      (err: unknown) => badRequest(err) && /public host/.test((err as Error).message),
      socket,
    );
  }
  assert.deepEqual(await caller.lightning.list(), []);
});

test("no one-click simnet node and no builder wallet", async () => {
  assert.deepEqual(await caller.lightning.simnetAvailable(), { available: false });
  await assert.rejects(
    caller.lightning.createSimnetNode(),
    (err: unknown) => err instanceof TRPCError && err.code === "FORBIDDEN",
  );
  await assert.rejects(
    payWithBuilderWallet(db, "weather", "lnbcrt10n1pexample", "198.51.100.9"),
    /only in development/,
  );
});
