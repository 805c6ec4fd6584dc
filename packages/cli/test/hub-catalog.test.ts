import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, test } from "node:test";
import { HubCatalog } from "../src/hub";

/** `HubCatalog` over loopback HTTP against a hub that pages its catalog (`next` links). */
let hub: Server;
let base: URL;
const requests: string[] = [];

const entry = (slug: string) => ({
  slug,
  name: slug,
  gatewayUrls: { subdomain: `http://${slug}.gw.test/`, path: `http://gw.test/${slug}/` },
  routes: [{ method: "GET", path: "/x", kind: "per_call", priceSats: 1 }],
});

before(async () => {
  hub = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://hub");
    requests.push(url.search);
    const cursor = Number(url.searchParams.get("cursor") ?? "0");
    const evil = url.searchParams.get("q") === "evil";
    const next = evil
      ? "http://elsewhere.test/api/catalog?cursor=1"
      : cursor < 2
        ? `/api/catalog?${new URLSearchParams({ ...Object.fromEntries(url.searchParams), cursor: String(cursor + 1) })}`
        : null;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ apis: [entry(`api-${cursor}`)], next }));
  });
  await new Promise<void>((resolve) => hub.listen(0, "127.0.0.1", resolve));
  base = new URL(`http://127.0.0.1:${(hub.address() as { port: number }).port}`);
});

after(async () => {
  hub.closeAllConnections();
  await new Promise((resolve) => hub.close(resolve));
});

test("list follows next links until the last page, keeping the filter", async () => {
  requests.length = 0;
  const apis = await new HubCatalog(base).list({ query: "weather", category: "weather" });
  assert.deepEqual(
    apis.map((a) => a.slug),
    ["api-0", "api-1", "api-2"],
  );
  assert.equal(requests.length, 3);
  for (const r of requests) assert.match(r, /q=weather&category=weather&limit=100/);
});

test("a next link to another origin is refused, not followed", async () => {
  await assert.rejects(new HubCatalog(base).list({ query: "evil" }), /next link to another origin/);
});
