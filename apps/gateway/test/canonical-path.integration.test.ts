/**
 * No spelling of a request is cheaper than the route the upstream serves it from. Real gateway,
 * real Postgres and simnet payments, loopback upstreams that read paths like a WHATWG-URL Node
 * server, the real Express router, and a servlet container. For every spelling: whatever the
 * gateway charges (or refuses with 400), if the upstream answers from its paid `/forecast`
 * handler, the buyer paid the `/forecast` price.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RunningGateway } from "../src/gateway";
import {
  type Framework,
  type FrameworkUpstream,
  startFrameworkUpstream,
} from "./helpers/framework-upstreams";
import { send } from "./helpers/http-client";
import { type CreatedApi, PaidStack } from "./helpers/paid-stack";

const FORECAST_SATS = 20;

const SPELLINGS = [
  "/forecast",
  "//x/forecast",
  "//forecast",
  "/FORECAST",
  "/Forecast",
  "/forecast/",
  "/FORECAST/",
  "/forecast;x",
  "/forecast;jsessionid=1",
  "/x/..;/forecast",
  "/%66orecast",
  "/x/%2e%2e/forecast",
  "/forecast%3bx",
];

describe("a spelling is never cheaper than the route the upstream serves", () => {
  let stack: PaidStack;
  let gateway: RunningGateway;
  const upstreams: FrameworkUpstream[] = [];
  const apis: Array<{ framework: Framework; catchAll: boolean; api: CreatedApi }> = [];

  before(async () => {
    stack = await PaidStack.start();
    for (const framework of ["whatwg", "express", "tomcat"] as const) {
      const upstream = await startFrameworkUpstream(framework);
      upstreams.push(upstream);
      const paid = { method: "GET", pathPattern: "/forecast", priceSats: FORECAST_SATS };
      apis.push({
        framework,
        catchAll: false,
        api: await stack.createApi({ upstreamBaseUrl: upstream.url, rules: [paid] }),
      });
      apis.push({
        framework,
        catchAll: true,
        api: await stack.createApi({
          upstreamBaseUrl: upstream.url,
          rules: [paid, { pathPattern: "/*", kind: "free", priceSats: 0 }],
        }),
      });
    }
    gateway = await stack.startGateway();
    for (const a of apis) await stack.waitForApi(gateway, a.api.slug);
  });
  after(async () => {
    await stack.stop();
    await Promise.all(upstreams.map((u) => u.close()));
  });

  for (const style of ["path", "host"] as const) {
    it(`${style} style: the forecast handler is only ever reached at the forecast price`, async () => {
      const failures: string[] = [];
      for (const { framework, catchAll, api } of apis) {
        for (const spelling of SPELLINGS) {
          const target = style === "path" ? `/${api.slug}${spelling}` : spelling;
          const headers: Record<string, string> =
            style === "host" ? { host: `${api.slug}.gw.localhost` } : {};
          const first = await send(gateway.port, target, { headers });
          const label = `${framework}${catchAll ? " + free catch-all" : ""} ${spelling}`;
          if (first.status === 400) {
            assert.equal(first.json().error, "invalid_path", `${label}: ${first.body}`);
            continue;
          }
          let paid = 0;
          let answer = first;
          if (first.status === 402) {
            paid = first.json<{ amount_sats: number }>().amount_sats;
            const authorization = await stack.pay(first);
            answer = await send(gateway.port, target, { headers: { ...headers, authorization } });
          }
          assert.ok([200, 404].includes(answer.status), `${label}: ${answer.status} ${answer.body}`);
          if (answer.json().handler === "forecast" && paid !== FORECAST_SATS) {
            failures.push(`${label}: the upstream served /forecast for ${paid} sats`);
          }
        }
      }
      assert.deepEqual(failures, []);
    });
  }

  it("the plain spelling is still sold and served", async () => {
    const { api } = apis[0]!;
    const first = await send(gateway.port, `/${api.slug}/forecast`);
    assert.equal(first.status, 402);
    assert.equal(first.json().amount_sats, FORECAST_SATS);
    const authorization = await stack.pay(first);
    const ok = await send(gateway.port, `/${api.slug}/forecast?city=x`, { headers: { authorization } });
    assert.equal(ok.status, 200);
    assert.equal(ok.json().handler, "forecast");
    assert.equal(upstreams[0]!.seen.at(-1), "/forecast?city=x");
  });
});
