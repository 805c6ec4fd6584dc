/**
 * The dashboard's path and browser settings through the real tRPC procedure and Postgres:
 * strict matching and allowed origins are saved, normalised, shown back, and bad origins are
 * refused with a clear message (nothing saved).
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { createDb } from "@tollbooth/db";
import { TRPCError } from "@trpc/server";
import { getSessionUser } from "../src/server/auth/get-session-user";
import { signUp } from "../src/server/auth/sign-up";
import { createCaller } from "../src/server/trpc/root";

const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
assert.match(new URL(databaseUrl).hostname, /^(127\.0\.0\.1|localhost|::1|\[::1\])$/);

const db = createDb(databaseUrl);
const run = randomBytes(4).toString("hex");
let caller: ReturnType<typeof createCaller>;
let apiId: string;

before(async () => {
  const s = await signUp(db, {
    email: `paths-${run}@settings.test`,
    password: "a long enough password",
    tenantName: `paths ${run}`,
  });
  const user = await getSessionUser(db, s.token);
  assert.ok(user);
  caller = createCaller({ db, user, sessionToken: undefined, resHeaders: new Headers(), secure: false });
  const api = await caller.apis.create({
    name: "Paths API",
    slug: `paths-${run}`,
    description: "",
    category: "other",
    upstreamBaseUrl: "http://127.0.0.1:9/v1",
  });
  apiId = api.id;
  assert.equal(api.strictPathMatching, false, "default: case and trailing slash ignored");
  assert.deepEqual(api.allowedOrigins, [], "default: any origin");
});
after(async () => {
  await db.$disconnect();
});

test("strict matching and allowed origins are saved normalised and read back", async () => {
  const view = await caller.apis.update({
    apiId,
    strictPathMatching: true,
    allowedOrigins: [" https://App.Example.com ", "http://localhost:3000", "https://app.example.com", ""],
  });
  assert.equal(view.strictPathMatching, true);
  assert.deepEqual(view.allowedOrigins, ["https://app.example.com", "http://localhost:3000"]);
  const row = await db.api.findUniqueOrThrow({ where: { id: apiId } });
  assert.equal(row.strictPathMatching, true);
  assert.deepEqual(row.allowedOrigins, ["https://app.example.com", "http://localhost:3000"]);
  const cleared = await caller.apis.update({ apiId, allowedOrigins: [], strictPathMatching: false });
  assert.deepEqual(cleared.allowedOrigins, []);
  assert.equal(cleared.strictPathMatching, false);
});

test("an origin that is not scheme://host[:port] is refused and nothing is saved", async () => {
  for (const bad of [
    "https://app.example.com/path",
    "*",
    "null",
    "ftp://x.example",
    "https://a.example:443",
  ]) {
    await assert.rejects(caller.apis.update({ apiId, allowedOrigins: [bad] }), (err: unknown) => {
      assert.ok(err instanceof TRPCError, String(err));
      assert.equal(err.code, "BAD_REQUEST");
      assert.match(err.message, /scheme:\/\/host/);
      return true;
    });
  }
  const row = await db.api.findUniqueOrThrow({ where: { id: apiId } });
  assert.deepEqual(row.allowedOrigins, []);
});
