import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, test } from "node:test";
import { createDb } from "@tollbooth/db";
import { signUp } from "../src/server/auth/sign-up";
import { AppError } from "../src/server/errors";

const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
const db = createDb(databaseUrl);
after(() => db.$disconnect());

test("simultaneous sign-ups for one email: one account, the others hear 'already exists' (not a 500)", async () => {
  const email = `race-${randomBytes(4).toString("hex")}@it.test`;
  const results = await Promise.allSettled(
    [1, 2, 3].map(() => signUp(db, { email, password: "a long enough password" })),
  );
  assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
  for (const r of results) {
    if (r.status === "rejected") {
      assert.ok(r.reason instanceof AppError, `expected AppError, got ${String(r.reason)}`);
      assert.equal(r.reason.code, "conflict");
    }
  }
  assert.equal(await db.user.count({ where: { email } }), 1);
});
