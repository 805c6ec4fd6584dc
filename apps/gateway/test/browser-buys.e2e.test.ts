/**
 * A real browser buys a call across origins: Chromium on a page served from one loopback origin
 * fetches a paid route on the gateway (another origin), reads the 402's WWW-Authenticate and
 * invoice, has the test's wallet pay it, and retries with `Authorization: L402 …` — which makes
 * Chromium send a preflight first. The preflight must not mint an invoice: one challenge, one
 * payment, one upstream call. An API that lists other origins is refused by the browser and
 * mints nothing. Real gateway, Postgres, simnet, loopback upstream.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, describe, it } from "node:test";
import { type Browser, chromium, type Page } from "playwright-core";
import type { RunningGateway } from "../src/gateway";
import { send } from "./helpers/http-client";
import { type CreatedApi, PaidStack } from "./helpers/paid-stack";
import { closeServer, type EchoUpstream, listen, startEchoUpstream } from "./helpers/upstreams";

describe("a browser on another origin buys a call", () => {
  let stack: PaidStack;
  let upstream: EchoUpstream;
  let gateway: RunningGateway;
  let open: CreatedApi;
  let listed: CreatedApi;
  let browser: Browser;
  let page: Page;
  const site = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<!doctype html><title>buyer</title>");
  });

  const challenges = async (apiId: string) =>
    Number(
      (
        await stack.pg.query<{ n: string }>("SELECT count(*)::text AS n FROM challenges WHERE api_id = $1", [
          apiId,
        ])
      ).rows[0]!.n,
    );

  before(async () => {
    stack = await PaidStack.start();
    upstream = await startEchoUpstream();
    const rules = [{ method: "GET", pathPattern: "/forecast", priceSats: 20 }];
    open = await stack.createApi({ upstreamBaseUrl: upstream.url, rules });
    listed = await stack.createApi({ upstreamBaseUrl: upstream.url, rules });
    const warm = await stack.createApi({ upstreamBaseUrl: upstream.url, rules });
    await stack.pg.query("UPDATE apis SET allowed_origins = ARRAY['https://shop.example'] WHERE id = $1", [
      listed.id,
    ]);
    gateway = await stack.startGateway();
    await stack.waitForApi(gateway, open.slug);
    await stack.waitForApi(gateway, listed.slug);
    await stack.waitForApi(gateway, warm.slug);
    // The node's first invoices can be slow on a loaded machine (503 node_unavailable); warm it
    // from here, on another API, so the browser's one challenge is not the first.
    for (let i = 0; i < 20; i++) {
      if ((await send(gateway.port, `/${warm.slug}/forecast`)).status === 402) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const sitePort = await listen(site);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
      ],
    });
    page = await browser.newPage();
    await page.exposeFunction("payInvoice", async (bolt11: string) => {
      const paid = await stack.payer.pay({ bolt11, maxFeeSats: 10 });
      return paid.preimage;
    });
    await page.goto(`http://127.0.0.1:${sitePort}/`);
  });
  after(async () => {
    await browser?.close();
    await closeServer(site);
    await stack.stop();
    await upstream.close();
  });

  it("402 readable, paid with a preflighted Authorization, one invoice in all", async () => {
    const url = `http://127.0.0.1:${gateway.port}/${open.slug}/forecast`;
    const seenBefore = upstream.seen.length;
    const result = await page.evaluate(async (target) => {
      const w = globalThis as unknown as { payInvoice(bolt11: string): Promise<string> };
      // A 503 (node slow under load) says Retry-After, as a browser client would honour.
      let challenge = await fetch(target);
      for (let i = 0; i < 5 && challenge.status === 503; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        challenge = await fetch(target);
      }
      const www = challenge.headers.get("www-authenticate");
      const body = (await challenge.json()) as { invoice: string; macaroon: string; amount_sats: number };
      if (!body.invoice) throw new Error(`no invoice in ${challenge.status} ${JSON.stringify(body)}`);
      const preimage = await w.payInvoice(body.invoice);
      const paid = await fetch(target, { headers: { Authorization: `L402 ${body.macaroon}:${preimage}` } });
      return {
        challengeStatus: challenge.status,
        www,
        amount: body.amount_sats,
        paidStatus: paid.status,
        paidBody: (await paid.json()) as { url: string },
        upstreamHeader: paid.headers.get("x-upstream"),
      };
    }, url);
    assert.equal(result.challengeStatus, 402);
    assert.match(String(result.www), /L402 macaroon="/, "the browser can read WWW-Authenticate");
    assert.equal(result.amount, 20);
    assert.equal(result.paidStatus, 200);
    assert.equal(result.paidBody.url, "/forecast");
    assert.equal(result.upstreamHeader, "echo", "the paid answer's own headers are exposed");
    assert.equal(await challenges(open.id), 1, "the preflight minted no invoice");
    assert.equal(upstream.seen.length, seenBefore + 1, "only the paid call reached the upstream");
  });

  it("an API that lists other origins: the browser is refused and nothing is minted", async () => {
    const url = `http://127.0.0.1:${gateway.port}/${listed.slug}/forecast`;
    const outcome = await page.evaluate(async (target) => {
      try {
        const res = await fetch(target);
        return `status ${res.status}`;
      } catch (err) {
        return `refused: ${(err as Error).name}`;
      }
    }, url);
    assert.equal(outcome, "refused: TypeError");
    assert.equal(await challenges(listed.id), 0);
  });
});
