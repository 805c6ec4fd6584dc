import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { optionsFromEnv, parseGatewayEnv } from "../src/config/env";
import {
  clientKeyOfAddress,
  parseAddress,
  parseTrustedProxies,
  resolveClientAddress,
} from "../src/http/client-address";

describe("parseAddress and clientKeyOfAddress", () => {
  const table: Array<[string, string | null, string | null]> = [
    ["203.0.113.9", "203.0.113.9", "203.0.113.9"],
    [" 203.0.113.9:8080 ", "203.0.113.9", "203.0.113.9"],
    ["::ffff:203.0.113.9", "203.0.113.9", "203.0.113.9"],
    ["[::ffff:cb00:7109]:1", "203.0.113.9", "203.0.113.9"],
    ["2001:db8::1", "2001:db8:0:0:0:0:0:1", "2001:db8:0:0::/64"],
    ["2001:DB8:0:0:ffff::1", "2001:db8:0:0:ffff:0:0:1", "2001:db8:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0:0:0:0:1", "fe80:0:0:0::/64"],
    ["::1", "0:0:0:0:0:0:0:1", "0:0:0:0::/64"],
    ["unknown", null, null],
    ["1.2.3.4:", null, null],
    ["[2001:db8::1", null, null],
    ["[2001:db8::1]x", null, null],
    ["1.2.3.4/8", null, null],
    ["0x7f.1", null, null],
    ["", null, null],
  ];
  for (const [text, address, key] of table) {
    it(`${JSON.stringify(text)} → ${address}`, () => {
      assert.equal(parseAddress(text), address);
      if (address) assert.equal(clientKeyOfAddress(address), key);
    });
  }
});

describe("resolveClientAddress", () => {
  const trust = { hops: 2, proxies: parseTrustedProxies("loopback, 10.0.0.0/8") };
  it("steps right to left over trusted hops only, within the hop limit", () => {
    assert.deepEqual(resolveClientAddress("127.0.0.1", "6.6.6.6, 198.51.100.1, 10.0.0.2", trust), {
      address: "198.51.100.1",
      peerTrusted: true,
      chain: ["198.51.100.1", "10.0.0.2", "127.0.0.1"],
    });
    const one = { ...trust, hops: 1 };
    assert.equal(resolveClientAddress("127.0.0.1", "198.51.100.1, 10.0.0.2", one).address, "10.0.0.2");
    assert.equal(
      resolveClientAddress("::ffff:127.0.0.1", ["6.6.6.6", "198.51.100.1"], trust).address,
      "198.51.100.1",
    );
  });
  it("believes nothing from an untrusted peer or without trust", () => {
    assert.equal(resolveClientAddress("198.51.100.7", "10.0.0.1", trust).address, "198.51.100.7");
    assert.equal(resolveClientAddress("198.51.100.7", "10.0.0.1", trust).peerTrusted, false);
    assert.equal(resolveClientAddress("127.0.0.1", "198.51.100.1", null).address, "127.0.0.1");
    assert.equal(resolveClientAddress(undefined, "198.51.100.1", trust).address, "unknown");
  });
  it("an IPv6 loopback peer is a trusted proxy like 127.0.0.1", () => {
    assert.equal(resolveClientAddress("::1", "2001:db8:9::1", trust).address, "2001:db8:9:0:0:0:0:1");
  });
});

describe("trusted proxy settings", () => {
  const options = (vars: Record<string, string>) =>
    optionsFromEnv(parseGatewayEnv({ DATABASE_URL: "postgresql://x@127.0.0.1/db", ...vars }));
  it("GATEWAY_TRUST_PROXY=1 is one hop from loopback or private networks", () => {
    const trust = options({ GATEWAY_TRUST_PROXY: "1" }).trustProxy;
    assert.equal(trust?.hops, 1);
    assert.equal(trust?.proxies.check("172.18.0.5", "ipv4"), true);
    assert.equal(trust?.proxies.check("203.0.113.9", "ipv4"), false);
    assert.equal(options({ GATEWAY_TRUST_PROXY: "0" }).trustProxy, null);
    assert.equal(options({ GATEWAY_TRUST_PROXY: "3" }).trustProxy?.hops, 3);
  });
  it("GATEWAY_TRUSTED_PROXIES names the ranges and turns trust on", () => {
    const trust = options({ GATEWAY_TRUSTED_PROXIES: "192.0.2.0/24,2001:db8::/32" }).trustProxy;
    assert.equal(trust?.proxies.check("192.0.2.77", "ipv4"), true);
    assert.equal(trust?.proxies.check("127.0.0.1", "ipv4"), false);
    assert.equal(trust?.proxies.check("2001:db8:0:0:0:0:0:9", "ipv6"), true);
  });
  it("refuses bad values at boot with a readable error", () => {
    for (const [name, value] of [
      ["GATEWAY_TRUST_PROXY", "maybe"],
      ["GATEWAY_TRUST_PROXY", "99"],
      ["GATEWAY_TRUSTED_PROXIES", "10.0.0.0/33"],
      ["GATEWAY_TRUSTED_PROXIES", "everyone"],
      ["GATEWAY_TRUSTED_PROXIES", " , "],
      ["GATEWAY_VISITOR_SECRET", "short"],
      ["GATEWAY_PUBLIC_URL", "ftp://gw.example.com"],
    ] as const) {
      assert.throws(() => options({ [name]: value }), new RegExp(name), `${name}=${value}`);
    }
  });
});
