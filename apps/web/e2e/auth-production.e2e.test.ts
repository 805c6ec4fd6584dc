import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { createDb } from "@tollbooth/db";
import type { Browser } from "playwright-core";
import { signUp } from "../src/server/auth/sign-up";
import { linkToken, startMailCapture } from "../test/mail-capture";
import { launchChromium, requireEnv } from "./browser";
import { startWebServer, type WebServer } from "./web-server";

/**
 * The red team's findings, against the built app in production mode (TOLLBOOTH_ENV=production)
 * over real HTTP, with a real SMTP server on loopback and a real browser.
 */
const db = createDb(requireEnv("DATABASE_URL"));
const mail = await startMailCapture();
const run = randomBytes(4).toString("hex");
let web: WebServer;
let browser: Browser;

before(async () => {
  web = await startWebServer({
    TOLLBOOTH_ENV: "production",
    SMTP_URL: mail.url,
    WEB_URL: "https://tollbooth.example",
  });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await web?.stop();
  await mail.close();
  await db.$disconnect();
});

let n = 0;
const address = (label: string) => `${label}-${run}-${n++}@prod.test`;

/** A tRPC call as the browser sends it: JSON, same origin, from one client address. */
function call(path: string, body: unknown, opts: { ip?: string; cookie?: string } = {}) {
  return fetch(`${web.url}/api/trpc/${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: web.url,
      "x-forwarded-for": opts.ip ?? `198.51.100.${n++ % 250}`,
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
    },
    body: JSON.stringify(body),
  });
}

async function me(cookie: string) {
  const res = await fetch(`${web.url}/api/trpc/auth.me`, { headers: { cookie } });
  return ((await res.json()) as { result: { data: { email: string } | null } }).result.data;
}

async function waitForMail(to: string) {
  const deadline = Date.now() + 30_000;
  while (mail.to(to).length === 0) {
    if (Date.now() > deadline) throw new Error(`no mail to ${to}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return mail.to(to)[0]!;
}

describe("sign-in limits", () => {
  test("sign-in calls in a tRPC batch are a 400 JSON, none is evaluated", async () => {
    const email = address("batch");
    await signUp(db, { email, password: "the right password!" });
    const guesses = Array.from({ length: 16 }, (_, i) => (i === 15 ? "the right password!" : `wrong ${i}`));
    const body = Object.fromEntries(guesses.map((password, i) => [String(i), { email, password }]));
    const res = await call(`${Array(16).fill("auth.signIn").join(",")}?batch=1`, body);
    assert.equal(res.status, 400);
    assert.equal(res.headers.get("set-cookie"), null, "nobody was signed in");
    const json = (await res.json()) as { error: string; message: string };
    assert.equal(json.error, "batch_not_allowed");
    assert.match(json.message, /cannot be batched/);
  });

  test("30 guesses at once, each from its own address: only the free few plus the backoff's are evaluated (429 JSON, Retry-After)", async () => {
    const email = address("burst");
    await signUp(db, { email, password: "the right password!" });
    const guesses = Array.from({ length: 30 }, (_, i) => (i === 29 ? "the right password!" : `wrong ${i}`));
    const t0 = Date.now();
    const responses = await Promise.all(
      guesses.map((password, i) => call("auth.signIn", { email, password }, { ip: `203.0.113.${i}` })),
    );
    const seconds = (Date.now() - t0) / 1000;
    const statuses = responses.map((r) => r.status);
    const evaluated = statuses.filter((s) => s === 401 || s === 200).length;
    // 5 free, then waits of 1, 2, 4, … s: in E seconds at most 5 + log2(E + 1) guesses.
    const bound = 5 + Math.floor(Math.log2(seconds + 1));
    assert.ok(
      evaluated <= bound,
      `evaluated ${evaluated} in ${seconds} s (bound ${bound}): ${statuses.join(",")}`,
    );
    const refused = responses.find((r) => r.status === 429);
    assert.ok(refused, statuses.join(","));
    assert.match(refused.headers.get("retry-after") ?? "", /^\d+$/);
    const body = (await refused.json()) as { error: { message: string } };
    assert.match(body.error.message, /Try again in/);
  });
});

describe("cookies", () => {
  test("production sets a __Host- session cookie: Secure, HttpOnly, Path=/, no Domain", async () => {
    const email = address("cookie");
    await signUp(db, { email, password: "the right password!" });
    const res = await call("auth.signIn", { email, password: "the right password!" });
    assert.equal(res.status, 200);
    const cookie = res.headers.get("set-cookie") ?? "";
    assert.match(
      cookie,
      /^__Host-tb_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Expires=[^;]+; Secure$/,
    );
    const session = cookie.split(";")[0]!;
    assert.equal((await me(session))?.email, email);
    // A cookie planted beside ours (say by a sibling subdomain) makes the request signed out.
    assert.equal(await me(`${session}; __Host-tb_session=${"x".repeat(43)}`), null);
    assert.equal(await me(`__Host-tb_session=${"x".repeat(43)}; ${session}`), null);
    // The unprefixed development cookie means nothing in production.
    assert.equal(await me(`tb_session=${session.split("=")[1]}`), null);
  });
});

describe("password reset and sign-up by mail", () => {
  test("reset through real mail: one use, every session revoked, the new password signs in", async () => {
    const email = address("reset");
    await signUp(db, { email, password: "the old password!!" });
    const signedIn = await call("auth.signIn", { email, password: "the old password!!" });
    const oldSession = (signedIn.headers.get("set-cookie") ?? "").split(";")[0]!;
    assert.ok(await me(oldSession));

    const unknown = await call("auth.requestPasswordReset", { email: address("nobody") });
    const known = await call("auth.requestPasswordReset", { email });
    assert.equal(unknown.status, 200);
    assert.equal(known.status, 200);
    assert.equal(await unknown.text(), await known.text(), "no difference for an unknown address");

    const sent = await waitForMail(email);
    assert.match(sent.text, /https:\/\/tollbooth\.example\/reset-password\?token=/);
    const token = linkToken(sent, "/reset-password");
    const weak = await call("auth.resetPassword", { token, password: "          " });
    assert.equal(weak.status, 400);
    const ok = await call("auth.resetPassword", { token, password: "a brand new password" });
    assert.equal(ok.status, 200);
    const again = await call("auth.resetPassword", { token, password: "another new password" });
    assert.equal(again.status, 400);
    assert.equal(await me(oldSession), null, "the old session ended");
    assert.equal((await call("auth.signIn", { email, password: "a brand new password" })).status, 200);
  });

  test("sign-up: the same answer for a taken and a new address, and no session either way", async () => {
    const taken = address("taken");
    await signUp(db, { email: taken, password: "the right password!" });
    const a = await call("auth.signUp", { email: taken, password: "a long enough password" });
    const b = await call("auth.signUp", { email: address("new"), password: "a long enough password" });
    assert.equal(a.status, b.status);
    assert.equal(a.status, 200);
    assert.equal(await a.text(), await b.text());
    assert.equal(a.headers.get("set-cookie"), null);
    assert.equal(b.headers.get("set-cookie"), null);
    assert.match((await waitForMail(taken)).subject, /already have/);
  });

  test("bad input is a 4xx, never a 500", async () => {
    for (const [path, body] of [
      ["auth.signUp", { email: address("blank"), password: "          " }],
      ["auth.signUp", { email: "not an email", password: "a long enough password" }],
      ["auth.resetPassword", { token: "garbage", password: "a long enough password" }],
      ["auth.resetPassword", { token: 5, password: [] }],
      ["auth.confirmEmail", { token: "A".repeat(43), password: "x" }],
      ["auth.requestPasswordReset", { email: { $ne: 1 } }],
    ] as const) {
      const res = await call(path, body);
      assert.ok(res.status >= 400 && res.status < 500, `${path} ${JSON.stringify(body)} → ${res.status}`);
    }
  });
});

describe("in the browser", () => {
  test("pages send a nonce CSP and deny framing, and still render and hydrate under it", async () => {
    for (const path of [
      "/",
      "/hub",
      "/signin",
      "/signup",
      "/forgot-password",
      "/reset-password",
      "/welcome",
    ]) {
      const res = await fetch(`${web.url}${path}`);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get("x-frame-options"), "DENY", path);
      const csp = res.headers.get("content-security-policy") ?? "";
      assert.match(csp, /frame-ancestors 'none'/, path);
      // Secure websockets anywhere (the relay of a visitor's NWC string); plain ws: only in development.
      assert.match(csp, /(^|; )connect-src 'self' wss:(;|$)/, path);
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      assert.ok(nonce, `${path}: no nonce in ${csp}`);
      assert.doesNotMatch(csp, /unsafe-eval/);
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      assert.ok(scripts.length > 0, path);
      for (const s of scripts) assert.ok(s.includes(`nonce="${nonce}"`), `${path}: ${s}`);
    }
    const dashboard = await fetch(`${web.url}/dashboard`, { redirect: "manual" });
    assert.equal(dashboard.headers.get("x-frame-options"), "DENY");

    const page = await browser.newPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    page.on("pageerror", (e) => violations.push(String(e)));
    await page.goto(`${web.url}/signin`);
    // The form's controls are enabled only once React has hydrated it (ClientForm).
    await page.getByRole("button", { name: "Sign in" }).and(page.locator(":enabled")).waitFor();
    await page.goto(`${web.url}/hub`);
    await page.getByRole("heading").first().waitFor();
    assert.deepEqual(violations, []);
    await page.close();
  });

  test("?next=/.//evil.example stays on the site after signing in", async () => {
    const email = address("redirect");
    await signUp(db, { email, password: "the right password!" });
    const context = await browser.newContext();
    const page = await context.newPage();
    const left: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(web.url)) left.push(r.url());
    });
    await page.goto(`${web.url}/signin?next=${encodeURIComponent("/.//evil.example/")}`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("the right password!");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${web.url}/dashboard`);
    assert.deepEqual(left, []);
    await context.close();
  });
});
