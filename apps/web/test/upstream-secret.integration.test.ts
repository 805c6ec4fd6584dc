import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { createDb, decryptSecret } from "@tollbooth/db";
import { TRPCError } from "@trpc/server";
import { getSessionUser } from "../src/server/auth/get-session-user";
import { signUp } from "../src/server/auth/sign-up";
import { createCaller } from "../src/server/trpc/root";

/**
 * The upstream secret is write-only and sealed for the API's upstream origin: moving the API to
 * another origin clears it (audited, old → new), unless the new secret comes in the same update;
 * headers that frame or route a request cannot carry it.
 */
process.env.TOLLBOOTH_ENV = "development";
const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
const db = createDb(databaseUrl);
const run = randomBytes(4).toString("hex");
const SECRET = `sk_${randomBytes(10).toString("hex")}`;
let caller: ReturnType<typeof createCaller>;

before(async () => {
  const s = await signUp(db, { email: `secret-${run}@it.test`, password: "a long enough password" });
  const user = (await getSessionUser(db, s.token))!;
  caller = createCaller({ db, user, sessionToken: undefined, resHeaders: new Headers(), secure: false });
});
after(async () => {
  await db.$disconnect();
});

const badRequest = (err: unknown) => err instanceof TRPCError && err.code === "BAD_REQUEST";

async function apiWithSecret(upstreamBaseUrl = "http://127.0.0.1:4101/v1") {
  return caller.apis.create({
    name: "Secret keeper",
    slug: `sec-${run}-${randomBytes(2).toString("hex")}`,
    upstreamBaseUrl,
    upstreamSecretHeader: "x-api-key",
    upstreamSecret: SECRET,
  });
}

async function stored(apiId: string) {
  return db.api.findUniqueOrThrow({ where: { id: apiId } });
}

function opensFor(row: Awaited<ReturnType<typeof stored>>, binding: string): boolean {
  try {
    return (
      decryptSecret({
        tenantId: row.tenantId,
        field: "apis.upstream_secret",
        binding,
        cipher: row.upstreamSecretCipher!,
        keyVersion: row.upstreamSecretKeyVersion!,
      }) === SECRET
    );
  } catch {
    return false;
  }
}

describe("apis.update and the upstream secret", () => {
  test("a secret is sealed for its upstream origin only", async () => {
    const api = await apiWithSecret();
    const row = await stored(api.id);
    assert.ok(opensFor(row, "http://127.0.0.1:4101"));
    assert.ok(!opensFor(row, "http://127.0.0.1:4102"));
  });

  test("moving to another origin clears the secret, audited with old → new origin", async () => {
    const api = await apiWithSecret();
    const updated = await caller.apis.update({ apiId: api.id, upstreamBaseUrl: "http://127.0.0.2:8080" });
    assert.equal(updated.upstreamSecretMasked, null);
    const row = await stored(api.id);
    assert.equal(row.upstreamSecretCipher, null);
    assert.equal(row.upstreamSecretKeyVersion, null);
    const audit = await db.auditEvent.findMany({
      where: { target: api.slug },
      orderBy: { createdAt: "asc" },
    });
    const cleared = audit.find((a) => a.action === "api.upstream_secret_cleared");
    assert.deepEqual(cleared?.details, {
      header: "x-api-key",
      reason: "upstream_origin_changed",
      from: "http://127.0.0.1:4101",
      to: "http://127.0.0.2:8080",
    });
    const updatedEvent = audit.find((a) => a.action === "api.updated");
    assert.equal(
      (updatedEvent?.details as { upstreamOrigin?: string } | undefined)?.upstreamOrigin,
      "http://127.0.0.1:4101 → http://127.0.0.2:8080",
    );
  });

  test("a path change on the same origin keeps the secret", async () => {
    const api = await apiWithSecret();
    await caller.apis.update({ apiId: api.id, upstreamBaseUrl: "http://127.0.0.1:4101/v2" });
    assert.ok(opensFor(await stored(api.id), "http://127.0.0.1:4101"));
  });

  test("the new origin's secret in the same update is sealed for the new origin", async () => {
    const api = await apiWithSecret();
    await caller.apis.update({
      apiId: api.id,
      upstreamBaseUrl: "http://127.0.0.3:9000",
      upstreamSecret: SECRET,
    });
    const row = await stored(api.id);
    assert.ok(opensFor(row, "http://127.0.0.3:9000"));
    assert.ok(!opensFor(row, "http://127.0.0.1:4101"));
  });
});

describe("secret header names", () => {
  for (const header of [
    "Host",
    "content-length",
    "Transfer-Encoding",
    "connection",
    "x-forwarded-for",
    "TE",
  ]) {
    test(`${header} is refused at save with a clear error`, async () => {
      const api = await apiWithSecret();
      await assert.rejects(caller.apis.setUpstreamSecret({ apiId: api.id, header, secret: "x" }), (err) => {
        assert.ok(badRequest(err), String(err));
        assert.match((err as Error).message, /cannot carry the secret/);
        return true;
      });
      await assert.rejects(
        caller.apis.create({
          name: "Bad header",
          slug: `hdr-${run}-${randomBytes(2).toString("hex")}`,
          upstreamBaseUrl: "http://127.0.0.1:4101",
          upstreamSecretHeader: header,
          upstreamSecret: "x",
        }),
        badRequest,
      );
      assert.equal((await stored(api.id)).upstreamSecretHeader, "x-api-key");
    });
  }
  test("Authorization and x-api-key stay allowed", async () => {
    const api = await apiWithSecret();
    await caller.apis.setUpstreamSecret({ apiId: api.id, header: "Authorization", secret: "Bearer x" });
    assert.equal((await stored(api.id)).upstreamSecretHeader, "Authorization");
  });
});
