import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  checkUpstreamUrlShape,
  forbiddenAddressReason,
  hostileUpstreamCorpus,
  PRIVATE_RESOLVING_NAME,
  parseIPv6,
  validateUpstreamUrl,
} from "../src/index";

const publicLookup = async (host: string) => {
  if (host === PRIVATE_RESOLVING_NAME) return ["93.184.216.34", "10.1.2.3"];
  if (host === "api.example.com") return ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"];
  throw new Error("ENOTFOUND");
};

describe("forbiddenAddressReason", () => {
  const table: Array<[string, string | null]> = [
    ["127.0.0.1", "loopback"],
    ["10.255.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", null],
    ["192.168.0.1", "private"],
    ["169.254.169.254", "metadata"],
    ["169.254.1.1", "link_local"],
    ["100.64.0.1", "cgnat"],
    ["100.127.255.255", "cgnat"],
    ["100.128.0.1", null],
    ["0.0.0.0", "unspecified"],
    ["8.8.8.8", null],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["::ffff:8.8.8.8", "ipv4_embedded"],
    ["64:ff9b::8.8.8.8", "ipv4_embedded"],
    ["2002:0808:0808::1", "ipv4_embedded"],
    ["fe80::1%eth0", "link_local"],
    ["fc00::1", "unique_local"],
    ["2606:4700:4700::1111", null],
    ["[2606:4700:4700::1111]", null],
    ["not-an-ip", "not_an_ip"],
  ];
  for (const [address, reason] of table) {
    it(`${address} → ${reason ?? "public"}`, () => {
      assert.equal(forbiddenAddressReason(address), reason);
    });
  }
});

describe("parseIPv6", () => {
  it("expands :: and embedded dotted quads", () => {
    assert.deepEqual(
      [...parseIPv6("::ffff:127.0.0.1")!],
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 127, 0, 0, 1],
    );
    assert.deepEqual([...parseIPv6("1::")!], [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(parseIPv6("1.2.3.4"), null);
  });
});

describe("validateUpstreamUrl on the hostile corpus", () => {
  const corpus = hostileUpstreamCorpus(8080);
  it("has at least 40 forms", () => {
    assert.ok(corpus.length >= 40, `only ${corpus.length} forms`);
  });
  for (const { form, url } of corpus) {
    it(`refuses ${form}: ${url}`, async () => {
      const result = await validateUpstreamUrl(url, { lookup: publicLookup });
      assert.equal(result.ok, false, `${url} was accepted`);
    });
  }
  it("refuses a name that resolves to a private address", async () => {
    const result = await validateUpstreamUrl(`https://${PRIVATE_RESOLVING_NAME}/v1`, {
      lookup: publicLookup,
    });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.code, "forbidden_address");
  });
  it("refuses a name that does not resolve", async () => {
    const result = await validateUpstreamUrl("https://nowhere.example.org/", { lookup: publicLookup });
    assert.equal(!result.ok && result.code, "unresolvable");
  });
});

describe("validateUpstreamUrl on good upstreams", () => {
  it("accepts a public name and a public literal", async () => {
    const named = await validateUpstreamUrl("https://api.example.com/v1", { lookup: publicLookup });
    assert.equal(named.ok, true);
    const literal = await validateUpstreamUrl("http://93.184.216.34:8080/", { lookup: publicLookup });
    assert.equal(literal.ok, true);
  });
  it("lets the operator override allow loopback, but never other schemes or credentials", async () => {
    assert.equal((await validateUpstreamUrl("http://127.0.0.1:4000/", { allowPrivate: true })).ok, true);
    assert.equal(checkUpstreamUrlShape("file:///etc/passwd", { allowPrivate: true }).ok, false);
    assert.equal(checkUpstreamUrlShape("http://a:b@127.0.0.1/", { allowPrivate: true }).ok, false);
  });
});
