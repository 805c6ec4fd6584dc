/**
 * The hostile-upstream table at request time: APIs registered (e.g. straight into the database)
 * with each hostile form aimed at a canary listener are refused by the gateway, and the canary
 * never sees a connection — neither for literal forms, nor for a name that resolves to loopback,
 * nor for a redirect to it.
 */
import assert from "node:assert/strict";
import { lookup as dnsLookup } from "node:dns";
import { after, before, describe, it } from "node:test";
import { hostileUpstreamCorpus, PRIVATE_RESOLVING_NAME } from "@tollbooth/upstream-guard";
import { send } from "./helpers/http-client";
import { apiFixture, type StaticGateway, startStaticGateway } from "./helpers/static-gateway";
import { type Canary, type EchoUpstream, startCanary, startEchoUpstream } from "./helpers/upstreams";

// DNS for the test: one attacker-controlled name that points at loopback; everything else real.
const rebindingResolver = ((hostname: string, options: unknown, callback: (...args: unknown[]) => void) => {
  if (hostname === PRIVATE_RESOLVING_NAME) {
    callback(null, [{ address: "127.0.0.1", family: 4 }]);
    return;
  }
  dnsLookup(hostname, options as never, callback as never);
}) as unknown as typeof dnsLookup;

describe("SSRF guard at request time", () => {
  let canary: Canary;
  let redirector: EchoUpstream;
  let gateway: StaticGateway;
  const forms: Array<{ slug: string; form: string; url: string }> = [];

  before(async () => {
    canary = await startCanary();
    redirector = await startEchoUpstream({ redirectTo: `http://127.0.0.1:${canary.port}/` });
    for (const [i, entry] of hostileUpstreamCorpus(canary.port).entries()) {
      forms.push({ slug: `ssrf-${i}`, ...entry });
    }
    forms.push({
      slug: "ssrf-dns",
      form: "name resolving to loopback",
      url: `http://${PRIVATE_RESOLVING_NAME}:${canary.port}/`,
    });
    const apis = forms.map((f) =>
      apiFixture({ slug: f.slug, upstreamBaseUrl: f.url, allowPrivateUpstream: false }, [
        { pathPattern: "/*" },
      ]),
    );
    apis.push(apiFixture({ slug: "redirector", upstreamBaseUrl: redirector.url }, [{ pathPattern: "/*" }]));
    gateway = await startStaticGateway(apis, { pools: { resolve: rebindingResolver } });
  });
  after(async () => {
    await gateway.close();
    await redirector.close();
    await canary.close();
  });

  it("refuses every hostile form with a JSON 502 and never connects", async () => {
    assert.ok(forms.length >= 41);
    for (const { slug, form, url } of forms) {
      for (const method of ["GET", "POST"]) {
        const res = await send(gateway.port, `/${slug}/latest/meta-data`, {
          method,
          body: method === "POST" ? "{}" : undefined,
        });
        assert.equal(res.status, 502, `${form} (${url}) answered ${res.status}`);
        assert.equal(res.json().error, "upstream_forbidden", `${form}: ${res.body}`);
      }
    }
    assert.equal(canary.connections, 0);
  });

  it("passes a redirect to a private address back to the client without following it", async () => {
    const res = await send(gateway.port, "/redirector/redirect");
    assert.equal(res.status, 302);
    assert.equal(canary.connections, 0);
  });

  it("the canary does count connections (the test can fail)", async () => {
    const { connect } = await import("node:net");
    await new Promise<void>((resolve) =>
      connect(canary.port, "127.0.0.1")
        .on("close", () => resolve())
        .on("error", () => resolve()),
    );
    assert.equal(canary.connections, 1);
    canary.connections = 0;
  });
});
