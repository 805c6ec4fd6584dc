import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import { ORIGIN_DIGEST_HEADER, ORIGIN_SIGNATURE_HEADER } from "@tollbooth/upstream-guard";
import type { RunningGateway } from "../src/gateway";
import { send } from "./helpers/http-client";
import { PaidStack } from "./helpers/paid-stack";
import { type CapturedRequest, verifyWithSnippet } from "./helpers/readme-snippets";
import { closeServer, listen } from "./helpers/upstreams";

/**
 * Origin protection, end to end: a real upstream on loopback checks every request the gateway
 * forwards with its own verifier (written here from docs/contract.md, node:crypto only, not the
 * gateway's code), and refuses what was not signed, was altered, or is too old.
 */
const SECRET = `tbos_${randomBytes(32).toString("hex")}`;
const TOLERANCE = 300;

/** The upstream's verifier: the contract's rule, independently. */
function independentVerify(r: CapturedRequest, secret: string, now = Math.floor(Date.now() / 1000)): string {
  const signature = r.headers[ORIGIN_SIGNATURE_HEADER];
  const digest = r.headers[ORIGIN_DIGEST_HEADER];
  if (typeof signature !== "string" || typeof digest !== "string") return "missing";
  const parts = new Map(signature.split(",").map((kv) => kv.split("=", 2) as [string, string]));
  const t = Number(parts.get("t"));
  const mac = parts.get("v1") ?? "";
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(mac)) return "malformed";
  if (Math.abs(now - t) > TOLERANCE) return "stale";
  if (
    digest !== "UNSIGNED-PAYLOAD" &&
    digest !== `sha-256=${createHash("sha256").update(r.body).digest("hex")}`
  ) {
    return "digest";
  }
  const expected = createHmac("sha256", secret)
    .update(`tollbooth-v1\n${t}\n${r.method}\n${r.target}\n${digest}`)
    .digest();
  return timingSafeEqual(expected, Buffer.from(mac, "hex")) ? "ok" : "signature";
}

interface VerifyingUpstream {
  url: string;
  port: number;
  seen: Array<CapturedRequest & { verdict: string }>;
  close(): Promise<void>;
}

/** Answers 200 to a request that verifies and 401 to one that does not, recording both. */
async function startVerifyingUpstream(secret: string): Promise<VerifyingUpstream> {
  const seen: VerifyingUpstream["seen"] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const captured = {
        method: req.method ?? "",
        target: req.url ?? "",
        headers: req.headers as IncomingHttpHeaders,
        body: Buffer.concat(chunks),
      };
      const verdict = independentVerify(captured, secret);
      seen.push({ ...captured, verdict });
      res.writeHead(verdict === "ok" ? 200 : 401, { "content-type": "application/json" });
      res.end(JSON.stringify({ verdict }));
    });
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, seen, close: () => closeServer(server) };
}

/** Replays a captured request straight to the upstream (an attacker who bypasses the gateway). */
function replay(
  port: number,
  r: CapturedRequest,
  over: Partial<CapturedRequest> = {},
): Promise<{ status: number; verdict: string }> {
  const m = { ...r, ...over };
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers)) {
    if (typeof v === "string" && k !== "content-length" && k !== "transfer-encoding") headers[k] = v;
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, method: m.method, path: m.target, headers, agent: false },
      (res) => {
        let text = "";
        res.on("data", (c) => {
          text += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, verdict: JSON.parse(text).verdict }));
      },
    );
    req.on("error", reject);
    req.end(m.body);
  });
}

function hasPython(): boolean {
  try {
    execFileSync("python3", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("origin signatures", () => {
  let stack: PaidStack;
  let gateway: RunningGateway;
  let upstream: VerifyingUpstream;
  let signed: string;
  let unsigned: string;

  before(async () => {
    stack = await PaidStack.start();
    upstream = await startVerifyingUpstream(SECRET);
    gateway = await stack.startGateway();
    const rules = [{ pathPattern: "/*", kind: "free" as const }];
    signed = (
      await stack.createApi({ upstreamBaseUrl: `${upstream.url}/base`, rules, originSigningSecret: SECRET })
    ).slug;
    unsigned = (await stack.createApi({ upstreamBaseUrl: upstream.url, rules })).slug;
    await stack.waitForApi(gateway, signed);
    await stack.waitForApi(gateway, unsigned);
  });
  after(async () => {
    await stack.stop();
    await upstream.close();
  });

  it("signs a GET: method, the target as forwarded (base path, query) and the empty body's digest", async () => {
    const res = await send(gateway.port, `/${signed}/items/a%20b?x=1&y=%2F`);
    assert.equal(res.status, 200, res.body);
    const r = upstream.seen.at(-1)!;
    assert.equal(r.verdict, "ok");
    assert.equal(r.target, "/base/items/a%20b?x=1&y=%2F");
    assert.equal(r.headers[ORIGIN_DIGEST_HEADER], `sha-256=${createHash("sha256").update("").digest("hex")}`);
    assert.match(String(r.headers[ORIGIN_SIGNATURE_HEADER]), /^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it("signs a POST body's digest; the upstream refuses a tampered path, body, method or an old timestamp", async () => {
    const body = JSON.stringify({ order: 42, note: "ünïcode" });
    const res = await send(gateway.port, `/${signed}/orders?fast=1`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    assert.equal(res.status, 200, res.body);
    const r = upstream.seen.at(-1)!;
    assert.equal(r.verdict, "ok");
    assert.equal(r.body.toString("utf8"), body);
    assert.deepEqual(
      await replay(upstream.port, r),
      { status: 200, verdict: "ok" },
      "a faithful replay passes",
    );
    assert.equal((await replay(upstream.port, r, { target: "/base/orders?fast=2" })).verdict, "signature");
    assert.equal((await replay(upstream.port, r, { target: "/base/admin?fast=1" })).verdict, "signature");
    assert.equal((await replay(upstream.port, r, { method: "PUT" })).verdict, "signature");
    assert.equal(
      (await replay(upstream.port, r, { body: Buffer.from(body.replace("42", "43")) })).verdict,
      "digest",
    );
    // A body swapped together with a digest that matches it: the signature covers the digest.
    const forged = Buffer.from("{}");
    const headers = {
      ...r.headers,
      [ORIGIN_DIGEST_HEADER]: `sha-256=${createHash("sha256").update(forged).digest("hex")}`,
    };
    assert.equal((await replay(upstream.port, r, { body: forged, headers })).verdict, "signature");
    const t = Number(/t=(\d+)/.exec(String(r.headers[ORIGIN_SIGNATURE_HEADER]))![1]);
    assert.equal(independentVerify(r, SECRET, t + TOLERANCE), "ok");
    assert.equal(independentVerify(r, SECRET, t + TOLERANCE + 1), "stale");
    assert.equal(independentVerify(r, `tbos_${"0".repeat(64)}`), "signature");
  });

  it("a chunked (streamed) body goes through unread, marked UNSIGNED-PAYLOAD, the rest still signed", async () => {
    const chunks = ["part one,", "part two"];
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: "127.0.0.1", port: gateway.port, method: "POST", path: `/${signed}/upload`, agent: false },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      for (const c of chunks) req.write(c);
      req.end();
    });
    assert.equal(status, 200);
    const r = upstream.seen.at(-1)!;
    assert.equal(r.headers[ORIGIN_DIGEST_HEADER], "UNSIGNED-PAYLOAD");
    assert.equal(r.body.toString(), chunks.join(""));
    assert.equal(r.verdict, "ok");
    assert.equal((await replay(upstream.port, r, { target: "/base/other" })).verdict, "signature");
  });

  it("a paid, signed call whose client leaves mid-body keeps its credit: nothing reached the upstream", async () => {
    const paid = await stack.createApi({
      upstreamBaseUrl: upstream.url,
      rules: [{ method: "POST", pathPattern: "/*", priceSats: 2, callsPerToken: 1 }],
      originSigningSecret: SECRET,
    });
    await stack.waitForApi(gateway, paid.slug);
    const post = { method: "POST", headers: { "content-type": "application/json" }, body: "{}" };
    const challenge = await send(gateway.port, `/${paid.slug}/upload`, post);
    assert.equal(challenge.status, 402, challenge.body);
    const authorization = await stack.pay(challenge);
    const seenBefore = upstream.seen.length;
    // Declares 100 bytes (a body the gateway reads whole to digest), sends 10, hangs up.
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        host: "127.0.0.1",
        port: gateway.port,
        method: "POST",
        path: `/${paid.slug}/upload`,
        headers: { authorization, "content-type": "application/json", "content-length": "100" },
        agent: false,
      });
      req.on("error", () => resolve());
      req.write("0123456789", () => setTimeout(() => req.destroy(), 100));
      req.on("close", () => resolve());
    });
    // The one paid call is still there (the give-back may land a moment after the hang-up).
    let ok = 0;
    for (let i = 0; i < 50 && ok === 0; i++) {
      const res = await send(gateway.port, `/${paid.slug}/upload`, {
        method: "POST",
        headers: { authorization, "content-type": "application/json" },
        body: "{}",
      });
      if (res.status === 200) ok++;
      else if (res.status === 402) await new Promise((r) => setTimeout(r, 100));
      else assert.fail(`unexpected ${res.status}: ${res.body}`);
    }
    assert.equal(ok, 1, "the paid call survived the client leaving mid-body");
    assert.equal(upstream.seen.length, seenBefore + 1, "only the finished call reached the upstream");
    assert.equal(upstream.seen.at(-1)?.verdict, "ok");
    const after = await send(gateway.port, `/${paid.slug}/upload`, {
      ...post,
      headers: { ...post.headers, authorization },
    });
    assert.equal(after.status, 402, "one call bought, one call served");
  });

  it("a client cannot supply or spoof the signature headers", async () => {
    const forgedHeaders = {
      [ORIGIN_SIGNATURE_HEADER]: `t=${Math.floor(Date.now() / 1000)},v1=${"a".repeat(64)}`,
      [ORIGIN_DIGEST_HEADER]: "UNSIGNED-PAYLOAD",
    };
    // Signing off: the client's claim never reaches the upstream, which sees nothing to verify.
    const off = await send(gateway.port, `/${unsigned}/x`, { headers: forgedHeaders });
    assert.equal(off.status, 401);
    const r = upstream.seen.at(-1)!;
    assert.equal(r.verdict, "missing");
    assert.equal(r.headers[ORIGIN_SIGNATURE_HEADER], undefined);
    assert.equal(r.headers[ORIGIN_DIGEST_HEADER], undefined);
    // Signing on: the gateway's own replace them (one value each, the empty-body digest).
    const on = await send(gateway.port, `/${signed}/x`, { headers: forgedHeaders });
    assert.equal(on.status, 200);
    const s = upstream.seen.at(-1)!;
    assert.notEqual(s.headers[ORIGIN_SIGNATURE_HEADER], forgedHeaders[ORIGIN_SIGNATURE_HEADER]);
    assert.match(String(s.headers[ORIGIN_DIGEST_HEADER]), /^sha-256=/);
  });

  for (const language of ["node", "python"] as const) {
    it(`the README's ${language} snippet verifies a forwarded request and refuses tampered ones`, {
      skip: language === "python" && !hasPython() ? "python3 is not on PATH" : false,
    }, async () => {
      const res = await send(gateway.port, `/${signed}/snippet?q=${language}`, {
        method: "POST",
        body: "hello",
      });
      assert.equal(res.status, 200);
      const { verdict: _verdict, ...r } = upstream.seen.at(-1)!;
      assert.equal(await verifyWithSnippet(language, SECRET, r), true);
      assert.equal(await verifyWithSnippet(language, SECRET, { ...r, target: `${r.target}&x=1` }), false);
      assert.equal(await verifyWithSnippet(language, SECRET, { ...r, body: Buffer.from("hellO") }), false);
      const t = Number(/t=(\d+)/.exec(String(r.headers[ORIGIN_SIGNATURE_HEADER]))![1]);
      assert.equal(await verifyWithSnippet(language, SECRET, r, t + TOLERANCE + 1), false);
      assert.equal(await verifyWithSnippet(language, `tbos_${"1".repeat(64)}`, r), false);
    });
  }
});
