import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type RunningSimnet, simnetAdmin, startSimnet } from "@tollbooth/simnet";
// The simnet keeps the certificate it finds in its data dir: made here with an extra name.
import { loadOrCreateTls } from "../../simnet/src/tls";
import {
  checkNodeConnection,
  closeLndClients,
  createLndBackend,
  LightningError,
  type NodeDial,
} from "../src/index";

/**
 * With a dial policy, a node socket is resolved once by the caller and that IP is dialled; gRPC
 * never resolves the name itself, TLS still verifies the name, and every re-dial (after the node
 * was unreachable) asks the policy again, so a DNS answer that changes to a refused address is
 * refused instead of dialled.
 */
const NAME = "rebind.attacker.example"; // no resolver knows it: only the pinned IP can work
let dataDir: string;
let sim: RunningSimnet;
let grpcPort: number;
let adminPort: number;
let canary: Server;
let canaryConnections = 0;
let invoiceMacaroon: string;
let tlsCert: string;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "pinned-dial-"));
  await loadOrCreateTls(dataDir, NAME);
  sim = await startSimnet({ dataDir, grpcPort: 0, adminPort: 0 });
  grpcPort = sim.grpcPort;
  adminPort = Number(new URL(sim.adminUrl).port);
  const creds = await simnetAdmin(sim.adminUrl, sim.adminToken).createNode("pinned");
  invoiceMacaroon = creds.macaroon;
  tlsCert = creds.tlsCert;
  // "The private network": another loopback address, same port. Any connection is an escape.
  canary = createServer((socket) => {
    canaryConnections++;
    socket.destroy();
  });
  await new Promise<void>((ok) => canary.listen(grpcPort, "127.0.0.2", () => ok()));
});
after(async () => {
  await closeLndClients();
  await sim.stop();
  await new Promise<void>((ok) => canary.close(() => ok()));
  rmSync(dataDir, { recursive: true, force: true });
});

const socket = () => `${NAME}:${grpcPort}`;

describe("pinned node dial", () => {
  it("dials the address the policy returned, verifying TLS against the name", async () => {
    const seen: string[] = [];
    const dial: NodeDial = async (s) => {
      seen.push(s);
      return "127.0.0.1";
    };
    const report = await checkNodeConnection(
      { socket: socket(), tlsCert, macaroon: invoiceMacaroon },
      { dial },
    );
    assert.deepEqual(report.permissions.includes("invoices:write"), true);
    assert.deepEqual(seen, [socket()]);
  });

  it("TLS still checks the name: a name the certificate does not carry fails", async () => {
    const dial: NodeDial = async () => "127.0.0.1";
    await assert.rejects(
      checkNodeConnection(
        { socket: `not-in-cert.example:${grpcPort}`, tlsCert, macaroon: invoiceMacaroon },
        { dial },
      ),
      (err: unknown) => err instanceof LightningError && err.code === "unreachable",
    );
  });

  it("a refusing policy dials nothing", async () => {
    const dial: NodeDial = async () => {
      throw new Error("The node's address must be public (loopback).");
    };
    await assert.rejects(
      checkNodeConnection({ socket: `127.0.0.2:${grpcPort}`, tlsCert, macaroon: invoiceMacaroon }, { dial }),
      (err: unknown) =>
        err instanceof LightningError &&
        err.code === "forbidden_address" &&
        /must be public/.test(err.message),
    );
    assert.equal(canaryConnections, 0);
  });

  it("resolved once per connection; after the node was unreachable the new answer is checked again and refused", async () => {
    // The rebinding resolver: first the node's (allowed) address, then a refused one.
    const answers = ["127.0.0.1", "127.0.0.2"];
    let asked = 0;
    const dial: NodeDial = async () => {
      const address = answers[Math.min(asked++, answers.length - 1)]!;
      if (address === "127.0.0.2") throw new Error("refused: private address");
      return address;
    };
    const backend = createLndBackend(
      { socket: socket(), tlsCert, macaroon: invoiceMacaroon },
      { dial, timeoutMs: 5_000 },
    );
    for (let i = 0; i < 3; i++)
      await backend.createInvoice({ amountSats: 1, memo: "pinned", expirySeconds: 60 });
    assert.equal(asked, 1, "one resolution for one connection");

    await sim.stop();
    await assert.rejects(backend.createInvoice({ amountSats: 1, memo: "down", expirySeconds: 60 }));
    sim = await startSimnet({ dataDir, grpcPort, adminPort, nostrPort: 0 });
    const err = await backend.createInvoice({ amountSats: 1, memo: "rebound", expirySeconds: 60 }).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(err instanceof LightningError && err.code === "forbidden_address", String(err));
    assert.ok(asked >= 2, "the re-dial asked the policy again");
    assert.equal(canaryConnections, 0, "the refused address was never dialled");
  });
});
