import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { developmentRefusal, pinNodeSocket, stackServicePorts } from "../src/index";

describe("pinNodeSocket: resolve once, check every answer, return the IP to dial", () => {
  it("a resolver that answers public then private: the first pin is the public IP, the re-dial is refused", async () => {
    const answers = [["93.184.216.34"], ["127.0.0.1"]];
    let asked = 0;
    const lookup = async () => answers[Math.min(asked++, 1)]!;
    const first = await pinNodeSocket("node.attacker.example:10009", { lookup });
    assert.deepEqual(first, {
      ok: true,
      host: "node.attacker.example",
      port: 10009,
      address: "93.184.216.34",
    });
    assert.equal(asked, 1, "exactly one resolution per pin");
    const second = await pinNodeSocket("node.attacker.example:10009", { lookup });
    assert.equal(second.ok, false);
    assert.equal(!second.ok && second.code, "forbidden_address");
  });

  it("refuses a mixed answer (one private address among public ones)", async () => {
    const verdict = await pinNodeSocket("mixed.example:10009", {
      lookup: async () => ["93.184.216.34", "10.0.0.7"],
    });
    assert.equal(!verdict.ok && verdict.code, "forbidden_address");
  });

  it("literal addresses are not resolved; private ones are refused", async () => {
    const lookup = async () => {
      throw new Error("must not resolve a literal");
    };
    for (const socket of [
      "127.0.0.1:10009",
      "[::1]:10009",
      "169.254.169.254:80",
      "10.1.2.3:10009",
      "[::ffff:127.0.0.1]:1",
    ]) {
      const verdict = await pinNodeSocket(socket, { lookup });
      assert.equal(!verdict.ok && verdict.code, "forbidden_address", socket);
    }
    assert.deepEqual(await pinNodeSocket("[2606:4700:4700::1111]:10009", { lookup }), {
      ok: true,
      host: "2606:4700:4700::1111",
      port: 10009,
      address: "2606:4700:4700::1111",
    });
  });

  it("refuses local names, metadata names, bad shapes and names that do not resolve", async () => {
    const lookup = async (host: string) => (host === "gone.example" ? [] : ["93.184.216.34"]);
    const cases: Array<[string, string]> = [
      ["localhost:10009", "forbidden_host"],
      ["intranet:10009", "forbidden_host"],
      ["metadata.google.internal:80", "forbidden_host"],
      ["gone.example:10009", "unresolvable"],
      ["node.example.com", "invalid_socket"],
      ["node.example.com:0", "invalid_socket"],
      ["node.example.com:70000", "invalid_socket"],
      ["http://node.example.com:10009", "invalid_socket"],
    ];
    for (const [socket, code] of cases) {
      const verdict = await pinNodeSocket(socket, { lookup });
      assert.equal(!verdict.ok && verdict.code, code, socket);
    }
  });

  it("development: loopback allowed (the simnet), metadata and the stack's other ports never", async () => {
    const ports = stackServicePorts({}, ["SIMNET_GRPC_PORT"]);
    const isRefused = (address: string, port: number) => developmentRefusal(address, port, ports);
    const dev = { allowPrivate: true, isRefused };
    assert.equal((await pinNodeSocket("127.0.0.1:10009", dev)).ok, true);
    for (const socket of [
      "127.0.0.1:10010",
      "127.0.0.1:8403",
      "127.0.0.1:54329",
      "169.254.169.254:80",
      "[fd00:ec2::254]:80",
    ]) {
      assert.equal((await pinNodeSocket(socket, dev)).ok, false, socket);
    }
    const rebound = await pinNodeSocket("dev.example:10010", { ...dev, lookup: async () => ["127.0.0.1"] });
    assert.equal(rebound.ok, false);
  });
});
