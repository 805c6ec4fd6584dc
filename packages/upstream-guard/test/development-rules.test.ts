import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  checkUpstreamUrlShape,
  developmentRefusal,
  stackServicePorts,
  validateUpstreamUrl,
} from "../src/index";

/**
 * With private upstreams allowed (development, the demo), loopback and private addresses are fine,
 * but never a cloud metadata address or name, nor the stack's own services on this machine.
 */
const env = {
  WEB_PORT: "3000",
  GATEWAY_PORT: "8402",
  GATEWAY_ADMIN_PORT: "8403",
  SIMNET_GRPC_PORT: "10009",
  SIMNET_ADMIN_PORT: "10010",
  TOLLBOOTH_PG_PORT: "54329",
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/tollbooth",
};
const stackPorts = stackServicePorts(env);
const dev = { allowPrivate: true, stackPorts };

describe("development upstreams", () => {
  it("knows the stack's ports from its environment, the local database's included", () => {
    assert.deepEqual(
      [...stackPorts].sort((a, b) => a - b),
      [3000, 5432, 8402, 8403, 10009, 10010, 54329],
    );
    assert.ok(!stackServicePorts({ DATABASE_URL: "postgresql://db.example.com:6543/x" }).has(6543));
    assert.ok(stackServicePorts({ WEB_PORT: "4567" }).has(4567));
  });

  for (const url of [
    "http://127.0.0.1:3000/",
    "http://127.0.0.1:8402/",
    "http://127.0.0.1:8403/metrics",
    "http://127.0.0.1:10009/",
    "http://127.0.0.1:10010/builder",
    "http://127.0.0.1:54329/",
    "http://127.0.0.1:5432/",
    "http://localhost:10010/",
    "http://0.0.0.0:8403/",
    "http://[::1]:8403/",
    "http://[::ffff:127.0.0.1]:10010/",
    "http://2130706433:10010/",
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.169.254:8080/",
    "http://[fd00:ec2::254]/",
    "http://169.254.170.2/v2/credentials",
    "http://100.100.100.200/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://metadata/",
  ]) {
    it(`refuses ${url}`, async () => {
      const shape = checkUpstreamUrlShape(url, dev);
      assert.equal(!shape.ok && shape.code, "forbidden_service", `shape: ${url}`);
      const full = await validateUpstreamUrl(url, dev);
      assert.equal(full.ok, false, url);
    });
  }

  it("refuses a name that resolves to a stack port or to metadata", async () => {
    const toLoopback = await validateUpstreamUrl("http://sneaky.example:10010/", {
      ...dev,
      lookup: async () => ["127.0.0.1"],
    });
    assert.equal(!toLoopback.ok && toLoopback.code, "forbidden_service");
    const toMetadata = await validateUpstreamUrl("http://sneaky.example/", {
      ...dev,
      lookup: async () => ["169.254.169.254"],
    });
    assert.equal(!toMetadata.ok && toMetadata.code, "forbidden_service");
  });

  it("still allows the provider's own local test servers (the demo upstreams)", async () => {
    for (const url of [
      "http://127.0.0.1:4101",
      "http://localhost:4102/v1",
      "http://10.0.0.5:8080/",
      "http://[::1]:9000/",
    ]) {
      assert.equal(
        (await validateUpstreamUrl(url, { ...dev, lookup: async () => ["127.0.0.1"] })).ok,
        true,
        url,
      );
    }
  });

  it("developmentRefusal judges an address and port actually dialled", () => {
    assert.match(developmentRefusal("127.0.0.1", 8403, stackPorts) ?? "", /own services/);
    assert.match(developmentRefusal("169.254.169.254", 80, stackPorts) ?? "", /metadata/);
    assert.equal(developmentRefusal("127.0.0.1", 4101, stackPorts), null);
    assert.equal(developmentRefusal("93.184.216.34", 8403, stackPorts), null);
  });
});
