/**
 * Property: for random request paths (over `/`, `.`, `;`, `%2e`, `%2f`, mixed case, empty
 * segments, trailing slashes) and random rule tables, the path the upstream receives is priced
 * by the rule a real router would dispatch it to. Oracles, not re-implementations: the upstream's
 * reading of the path by the WHATWG URL parser (`new URL`) and by Express 5's own router
 * (`router`, pinned), which dispatches over the same table — case-insensitive with an optional
 * trailing slash for a default API, case- and slash-exact for a strict one. Real loopback HTTP:
 * gateway (in-memory config) → echo upstream.
 */
import assert from "node:assert/strict";
import type { IncomingMessage, ServerResponse } from "node:http";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import createRouter from "router";
import type { GatewayConfig } from "../src/config/tenant-config";
import type { Paywall } from "../src/payment/paywall-types";
import { send } from "./helpers/http-client";
import { apiFixture, type StaticGateway, startStaticGateway } from "./helpers/static-gateway";
import { type EchoUpstream, startEchoUpstream } from "./helpers/upstreams";

const RUNS = 2_000;
const SLUG = "oracle";
const BASE = "http://upstream.invalid";

const PATTERNS = [
  "/forecast",
  "/forecast/daily",
  "/v1/*",
  "/users/:id",
  "/users/:id/posts",
  "/Reports/:id",
  "/a.b",
  "/",
  "/x/*",
  "/*",
];

const SEGMENTS = [
  "forecast",
  "FORECAST",
  "Forecast",
  "daily",
  "v1",
  "V1",
  "users",
  "USERS",
  "42",
  "posts",
  "reports",
  "REPORTS",
  "x",
  "X",
  "a.b",
  "A.B",
  "a",
  "",
  ".",
  "..",
  "%2e",
  "%2E",
  "%2e%2e",
  ".%2e",
  "%2f",
  "%2F",
  ";",
  "a;b",
  "..;",
  "forecast;x",
  "%3b",
  "%66orecast",
  "%46ORECAST",
  "%20",
  "%25",
  "%2541",
  "~",
  "@",
  ":",
  "%C3%A9",
  "%zz",
];

/** Which rule (index) a router reading `url` dispatches to; -1 = none (the gateway's default). */
function dispatch(patterns: string[], strict: boolean, url: string): Promise<number> {
  const router = createRouter({ caseSensitive: strict, strict });
  return new Promise((resolve) => {
    patterns.forEach((pattern, i) => {
      const hit = () => resolve(i);
      if (pattern === "/*") router.use("/", hit);
      else if (pattern.endsWith("/*")) router.use(pattern.slice(0, -2), hit);
      else router.all(pattern, hit);
    });
    const req = { method: "GET", url, headers: {} } as IncomingMessage;
    router(req, {} as ServerResponse, () => resolve(-1));
  });
}

describe("the path the upstream receives is priced by the rule a router dispatches it to", () => {
  let upstream: EchoUpstream;
  let gateway: StaticGateway;
  let priced: string | null | undefined;
  const recordingPaywall: Paywall = {
    authorize({ route }) {
      priced = route.id;
      return {
        kind: "granted",
        grant: { kind: "token", tokenId: null, chain: [], sats: 0, msats: 0n, free: false },
      };
    },
    async refund() {},
  };

  before(async () => {
    upstream = await startEchoUpstream();
    gateway = await startStaticGateway([], { paywall: recordingPaywall });
  });
  after(async () => {
    await gateway.close();
    await upstream.close();
  });

  it(`${RUNS} random paths and rule tables, default and strict matching`, async () => {
    let forwarded = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...SEGMENTS), { minLength: 0, maxLength: 5 }),
        fc.boolean(),
        fc.boolean(),
        fc.shuffledSubarray(PATTERNS, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.constantFrom("", "?q=1", "?a=%2F&b=..;"),
        async (segments, leadingSlash, trailingSlash, patterns, strict, query) => {
          const target = `${leadingSlash ? "/" : ""}/${segments.join("/")}${trailingSlash ? "/" : ""}${query}`;
          const api = apiFixture(
            { slug: SLUG, upstreamBaseUrl: upstream.url, strictPathMatching: strict },
            patterns.map((pathPattern, i) => ({
              id: String(i),
              pathPattern,
              kind: "per_call",
              priceSats: 1,
            })),
          );
          const config: GatewayConfig = {
            apis: new Map([[SLUG, api]]),
            connections: new Map(),
            reservations: new Map(),
            fingerprint: target,
            loadedAt: Date.now(),
          };
          gateway.config.replace(config);
          priced = undefined;
          const seenBefore = upstream.seen.length;
          const res = await send(gateway.port, `/${SLUG}${target}`);
          if (res.status === 400) {
            assert.equal(res.json().error, "invalid_path", res.body);
            assert.equal(upstream.seen.length, seenBefore, `${target} was refused yet forwarded`);
            return;
          }
          assert.equal(res.status, 200, `${target}: ${res.status} ${res.body}`);
          assert.equal(upstream.seen.length, seenBefore + 1);
          forwarded++;
          const received = upstream.seen.at(-1)!.url;
          const receivedPath = received.split("?")[0]!;
          assert.equal(received.slice(receivedPath.length), query, "the query is passed on as sent");
          // The WHATWG reading of what the upstream got is exactly that path: no host, no dots.
          assert.equal(new URL(received, BASE).pathname, receivedPath, `${target} → ${received}`);
          const want = await dispatch(patterns, strict, received);
          const wantWhatwg = await dispatch(patterns, strict, new URL(received, BASE).pathname);
          assert.equal(want, wantWhatwg);
          assert.equal(
            priced,
            want === -1 ? null : String(want),
            `${strict ? "strict" : "default"} ${JSON.stringify(patterns)} ${target} → upstream got ${received}: priced by rule ${priced}, a router serves rule ${want}`,
          );
        },
      ),
      { numRuns: RUNS },
    );
    // The alphabet must not let every case be refused: most must reach the upstream.
    assert.ok(forwarded > RUNS / 4, `only ${forwarded} of ${RUNS} paths were forwarded`);
  });
});
