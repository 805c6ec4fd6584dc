import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { ORIGIN_SECRET_PATTERN, SECRET_FIELDS, STREAM_SECONDS } from "@tollbooth/contract";
import { createDb, decryptSecret } from "@tollbooth/db";
import { TRPCError } from "@trpc/server";
import { getSessionUser } from "../src/server/auth/get-session-user";
import { signUp } from "../src/server/auth/sign-up";
import { createCaller } from "../src/server/trpc/root";

/**
 * Origin signing through the router: the secret is minted server-side, returned once, stored
 * sealed (bound to tenant, field and API id), never in any view afterwards; rotating replaces it;
 * off clears it. The stream limit is validated against the shared bounds.
 */
process.env.TOLLBOOTH_ENV = "development";
const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
const db = createDb(databaseUrl);
const run = randomBytes(4).toString("hex");
let caller: ReturnType<typeof createCaller>;
let otherCaller: ReturnType<typeof createCaller>;

async function callerFor(who: string) {
  const s = await signUp(db, { email: `${who}-${run}@it.test`, password: "a long enough password" });
  const user = (await getSessionUser(db, s.token))!;
  return createCaller({ db, user, sessionToken: undefined, resHeaders: new Headers(), secure: false });
}

before(async () => {
  caller = await callerFor("signing");
  otherCaller = await callerFor("signing-other");
});
after(async () => {
  await db.$disconnect();
});

const badRequest = (err: unknown) => err instanceof TRPCError && err.code === "BAD_REQUEST";

async function newApi() {
  return caller.apis.create({
    name: "Signed upstream",
    slug: `sig-${run}-${randomBytes(2).toString("hex")}`,
    upstreamBaseUrl: "http://127.0.0.1:4101/v1",
  });
}

function opens(
  row: { tenantId: string; originSigningCipher: Uint8Array | null; originSigningKeyVersion: number | null },
  binding: string,
) {
  return decryptSecret({
    tenantId: row.tenantId,
    field: SECRET_FIELDS.originSigningSecret,
    binding,
    cipher: row.originSigningCipher!,
    keyVersion: row.originSigningKeyVersion!,
  });
}

describe("origin signing", () => {
  test("on: a tbos_ secret returned once, stored sealed for this API only, never in a view", async () => {
    const api = await newApi();
    assert.equal(api.originSigning, false);
    const on = await caller.apis.setOriginSigning({ apiId: api.id, on: true });
    assert.match(on.secret!, ORIGIN_SECRET_PATTERN);
    assert.equal(on.api.originSigning, true);
    const row = await db.api.findUniqueOrThrow({ where: { id: api.id } });
    assert.ok(row.originSigningCipher);
    assert.ok(!Buffer.from(row.originSigningCipher).includes(Buffer.from(on.secret!)), "not stored in clear");
    assert.equal(opens(row, api.id), on.secret);
    assert.throws(() => opens(row, randomBytes(16).toString("hex")), "bound to the API id");
    const view = await caller.apis.get({ apiId: api.id });
    assert.ok(!JSON.stringify(view).includes(on.secret!), "the view never carries it");
    assert.ok(!JSON.stringify(await caller.apis.list()).includes(on.secret!));
  });

  test("rotate: a new secret replaces the old; off clears it; audited", async () => {
    const api = await newApi();
    const first = await caller.apis.setOriginSigning({ apiId: api.id, on: true });
    const second = await caller.apis.setOriginSigning({ apiId: api.id, on: true });
    assert.notEqual(first.secret, second.secret);
    const row = await db.api.findUniqueOrThrow({ where: { id: api.id } });
    assert.equal(opens(row, api.id), second.secret);
    const off = await caller.apis.setOriginSigning({ apiId: api.id, on: false });
    assert.equal(off.secret, null);
    assert.equal(off.api.originSigning, false);
    const cleared = await db.api.findUniqueOrThrow({ where: { id: api.id } });
    assert.equal(cleared.originSigningCipher, null);
    const actions = (
      await db.auditEvent.findMany({ where: { target: api.slug }, orderBy: { createdAt: "asc" } })
    ).map((a) => a.action);
    assert.deepEqual(
      actions.filter((a) => a.startsWith("api.origin_signing")),
      ["api.origin_signing_on", "api.origin_signing_rotated", "api.origin_signing_off"],
    );
  });

  test("another team cannot turn it on or rotate it", async () => {
    const api = await newApi();
    await assert.rejects(
      otherCaller.apis.setOriginSigning({ apiId: api.id, on: true }),
      (err: unknown) => err instanceof TRPCError && err.code === "NOT_FOUND",
    );
  });
});

describe("stream limit", () => {
  test(`defaults to ${STREAM_SECONDS.default} s and saves within ${STREAM_SECONDS.min}..${STREAM_SECONDS.max}`, async () => {
    const api = await newApi();
    assert.equal(api.maxStreamSeconds, STREAM_SECONDS.default);
    assert.equal((await caller.apis.update({ apiId: api.id, maxStreamSeconds: 1 })).maxStreamSeconds, 1);
    assert.equal(
      (await caller.apis.update({ apiId: api.id, maxStreamSeconds: 3600 })).maxStreamSeconds,
      3600,
    );
    for (const bad of [0, 3601, 1.5, -1]) {
      await assert.rejects(
        caller.apis.update({ apiId: api.id, maxStreamSeconds: bad }),
        badRequest,
        String(bad),
      );
    }
    assert.equal((await db.api.findUniqueOrThrow({ where: { id: api.id } })).maxStreamSeconds, 3600);
  });
});
