import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { send } from "./helpers/http-client";
import { apiFixture, type StaticGateway, startStaticGateway } from "./helpers/static-gateway";
import { type EchoUpstream, startEchoUpstream } from "./helpers/upstreams";

/**
 * Private upstreams (development, the demo) still never reach the stack's own services or a
 * cloud metadata address: refused on the address and port actually connected to.
 */
describe("private upstreams and the stack's own services", () => {
  let own: EchoUpstream; // stands in for the gateway admin / simnet admin port
  let demo: EchoUpstream; // a provider's local test server: allowed
  let gateway: StaticGateway;

  before(async () => {
    own = await startEchoUpstream();
    demo = await startEchoUpstream();
    gateway = await startStaticGateway(
      [
        apiFixture({ slug: "own", upstreamBaseUrl: `http://127.0.0.1:${own.port}` }, [{ pathPattern: "/*" }]),
        apiFixture({ slug: "ownbyname", upstreamBaseUrl: `http://localhost:${own.port}` }, [
          { pathPattern: "/*" },
        ]),
        apiFixture({ slug: "metadata", upstreamBaseUrl: "http://169.254.169.254/latest" }, [
          { pathPattern: "/*" },
        ]),
        apiFixture({ slug: "demo", upstreamBaseUrl: `http://127.0.0.1:${demo.port}` }, [
          { pathPattern: "/*" },
        ]),
      ],
      { pools: { stackPorts: new Set([own.port]) } },
    );
  });
  after(async () => {
    await gateway.close();
    await own.close();
    await demo.close();
  });

  for (const slug of ["own", "ownbyname", "metadata"]) {
    it(`${slug}: 502 upstream_forbidden, nothing reaches the service`, async () => {
      const res = await send(gateway.port, `/${slug}/metrics`);
      assert.equal(res.status, 502);
      assert.equal(res.json().error, "upstream_forbidden");
      assert.equal(own.seen.length, 0);
    });
  }

  it("a provider's local test server stays reachable", async () => {
    const res = await send(gateway.port, "/demo/x");
    assert.equal(res.status, 200);
    assert.equal(demo.seen.length, 1);
  });
});
