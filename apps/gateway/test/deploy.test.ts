/**
 * The shipped docker-compose.yml: the red team found it turned GATEWAY_TRUST_PROXY on while
 * publishing the gateway port, so anyone could be the "trusted" hop. Only the TLS proxy may
 * publish ports. (Docker cannot run here; this reads the file the way compose would group it.)
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

const compose = readFileSync(new URL("../../../docker-compose.yml", import.meta.url), "utf8");
const caddyfile = readFileSync(new URL("../../../deploy/Caddyfile", import.meta.url), "utf8");

/** Each service's block of lines (two-space indented names under `services:`). */
function services(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let inServices = false;
  let current: string[] | null = null;
  for (const line of text.split("\n")) {
    if (/^\S/.test(line)) {
      inServices = line.startsWith("services:");
      current = null;
      continue;
    }
    const name = inServices ? /^ {2}([a-z0-9_-]+):\s*$/.exec(line)?.[1] : undefined;
    if (name) {
      current = [];
      out.set(name, current);
    } else current?.push(line);
  }
  return out;
}

describe("docker-compose.yml", () => {
  const all = services(compose);

  it("publishes ports only on the TLS proxy", () => {
    assert.ok(all.has("caddy") && all.has("gateway") && all.has("web"), [...all.keys()].join(","));
    for (const [name, lines] of all) {
      const publishes = lines.some((l) => /^ {4}ports:/.test(l));
      assert.equal(publishes, name === "caddy", `${name} publishes ports`);
    }
  });

  it("trusts one proxy hop on the gateway and proxies both domains through Caddy", () => {
    const gateway = all.get("gateway")!.join("\n");
    assert.match(gateway, /GATEWAY_TRUST_PROXY: "1"/);
    assert.doesNotMatch(gateway, /GATEWAY_TRUSTED_PROXIES: .*0\.0\.0\.0\/0/);
    assert.match(compose, /GATEWAY_VISITOR_SECRET: \$\{GATEWAY_VISITOR_SECRET:\?/);
    assert.match(caddyfile, /reverse_proxy gateway:8402/);
    assert.match(caddyfile, /reverse_proxy web:3000/);
    assert.match(caddyfile, /ask http:\/\/gateway:8403\/tls\/allowed/);
  });
});
