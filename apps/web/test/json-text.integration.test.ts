/**
 * JSON with a lone UTF-16 surrogate (`"\ud800"`) is valid JSON but not text: Prisma's query engine
 * refuses it deep inside a query ("lone leading surrogate in hex escape"), which was a 500. Every
 * JSON entry point now answers 400 at the parsing layer. Requests go through the real route
 * handlers with a real session against real Postgres.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { createDb } from "@tollbooth/db";
import { GET as trpcGet, POST as trpcPost } from "../src/app/api/trpc/[trpc]/route";
import { POST as tryChallenge } from "../src/app/api/try/challenge/route";
import { SESSION_COOKIE } from "../src/server/auth/session-token";
import { signUp } from "../src/server/auth/sign-up";

const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
const db = createDb(databaseUrl);
const run = randomBytes(4).toString("hex");
let cookie = "";

before(async () => {
  const s = await signUp(db, { email: `surrogate-${run}@it.test`, password: "a long enough password" });
  cookie = `${SESSION_COOKIE}=${s.token}`;
});
after(async () => {
  await db.$disconnect();
});

const SITE = "http://localhost:3000";
const post = (path: string, body: string) =>
  new Request(`${SITE}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: SITE, host: "localhost:3000", cookie },
    body,
  });

async function assertRefused(res: Response, what: string) {
  const text = await res.text();
  assert.equal(res.status, 400, `${what}: ${text}`);
  const body = JSON.parse(text) as { error: string; message: string };
  assert.equal(body.error, "bad_request", what);
  assert.match(body.message, /surrogate|not valid text/i, what);
}

test("tRPC mutation with a lone surrogate in a field → 400, not 500", async () => {
  for (const text of ["\\ud800", "a\\udc00b", "\\udbff"]) {
    const body = `{"0":{"name":"ok","description":"${text}","slug":"sur-${run}","upstreamBaseUrl":"http://127.0.0.1:4101"}}`;
    await assertRefused(await trpcPost(post("/api/trpc/apis.create?batch=1", body)), text);
  }
  const key = `{"0":{"\\ud800":"x","name":"ok","slug":"sur-${run}","upstreamBaseUrl":"http://127.0.0.1:4101"}}`;
  await assertRefused(await trpcPost(post("/api/trpc/apis.create?batch=1", key)), "in a key");
});

test("tRPC query input with a lone surrogate → 400", async () => {
  const input = encodeURIComponent('{"0":{"slug":"sur-\\ud800"}}');
  const res = await trpcGet(
    new Request(`${SITE}/api/trpc/apis.checkSlug?batch=1&input=${input}`, { headers: { cookie } }),
  );
  await assertRefused(res, "GET input");
});

test("Try it with a lone surrogate → 400, and a well-formed pair still passes the check", async () => {
  await assertRefused(
    await tryChallenge(post("/api/try/challenge", '{"slug":"\\ud800","path":"/"}')),
    "slug",
  );
  const pair = await tryChallenge(post("/api/try/challenge", '{"slug":"no-such-\\ud83d\\ude00","path":"/"}'));
  assert.notEqual(pair.status, 500, await pair.text());
  assert.ok(pair.status >= 400 && pair.status < 500);
});
