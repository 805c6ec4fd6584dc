/**
 * `tollbooth receipt verify` as a user runs it (the real bin): against a hub's published keys
 * document over loopback HTTP, or offline with --key. A good receipt exits 0 and prints it; a
 * receipt with any byte changed, another key's, or garbage exits 7 with one line saying why; an
 * unreachable hub exits 5; bad usage exits 2.
 */
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { keysDocumentOf, ReceiptSigner } from "@tollbooth/receipts";
import { tollbooth } from "./run-cli";

const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const signer = new ReceiptSigner(privateKey);
const stranger = new ReceiptSigner(generateKeyPairSync("ed25519").privateKey);
const facts = {
  api: "weather",
  scope: { method: "GET", path: "/forecast" },
  kind: "per_call" as const,
  sats: 6,
  calls: 3,
  seconds: null,
  payment_hash: "cd".repeat(32),
  settled_at: "2026-12-02T08:00:00.000Z",
  issued_at: "2026-12-02T08:00:00.500Z",
};
const good = signer.sign(facts).encoded;

/** The receipt with the byte at `i` changed (to another base64url character, or the dot to one). */
function changed(encoded: string, i: number): string {
  const c = encoded[i] === "A" ? "B" : "A";
  return encoded.slice(0, i) + c + encoded.slice(i + 1);
}

describe("tollbooth receipt verify", () => {
  let hub: Server;
  let hubUrl: string;
  let dir: string;

  before(async () => {
    hub = createServer((req, res) => {
      if (req.url === "/.well-known/tollbooth-receipt-keys.json") {
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify(keysDocumentOf([signer.publicKey])));
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => hub.listen(0, "127.0.0.1", r));
    hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), "receipt-verify-"));
  });
  after(async () => {
    await new Promise((r) => hub.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  test("a good receipt exits 0 and prints it; one changed byte anywhere exits 7 with the reason", async () => {
    const ok = await tollbooth(["receipt", "verify", good, "--hub", hubUrl]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), { valid: true, receipt: { v: 1, kid: signer.kid, ...facts } });
    // Start, middle of the payload, the dot, the signature's last character.
    for (const i of [0, Math.floor(good.indexOf(".") / 2), good.indexOf("."), good.length - 1]) {
      const bad = await tollbooth(["receipt", "verify", changed(good, i), "--hub", hubUrl]);
      assert.equal(bad.code, 7, `byte ${i}: ${bad.stderr}`);
      assert.match(bad.stderr, /^tollbooth: receipt invalid: .+\n$/);
      assert.equal(bad.stdout, "");
    }
    const theirs = await tollbooth(["receipt", "verify", stranger.sign(facts).encoded, "--hub", hubUrl]);
    assert.equal(theirs.code, 7);
    assert.match(theirs.stderr, /unknown key/);
  });

  test("reads the receipt, or fetch --json output, from stdin", async () => {
    const bare = await tollbooth(["receipt", "verify", "-", "--hub", hubUrl], {}, `${good}\n`);
    assert.equal(bare.code, 0, bare.stderr);
    const json = JSON.stringify({ status: 200, receipt_header: good, receipt: {} });
    const piped = await tollbooth(["receipt", "verify", "-", "--hub", hubUrl], {}, json);
    assert.equal(piped.code, 0, piped.stderr);
    const none = await tollbooth(["receipt", "verify", "-", "--hub", hubUrl], {}, '{"status":200}');
    assert.equal(none.code, 7);
  });

  test("offline with --key: a keys document, a raw key or a PEM key; nothing is fetched", async () => {
    const files = {
      doc: JSON.stringify(keysDocumentOf([signer.publicKey])),
      raw: signer.publicKey.publicKey,
      pem: publicKey.export({ format: "pem", type: "spki" }).toString(),
    };
    for (const [name, content] of Object.entries(files)) {
      const file = join(dir, `${name}.key`);
      writeFileSync(file, content);
      const ok = await tollbooth(["receipt", "verify", good, "--key", file], {
        TOLLBOOTH_HUB_URL: "http://127.0.0.1:9",
      });
      assert.equal(ok.code, 0, `${name}: ${ok.stderr}`);
      const bad = await tollbooth(["receipt", "verify", changed(good, 10), "--key", file]);
      assert.equal(bad.code, 7, name);
    }
  });

  test("an unreachable hub exits 5; bad usage exits 2", async () => {
    const down = await tollbooth(["receipt", "verify", good, "--hub", "http://127.0.0.1:9"]);
    assert.equal(down.code, 5, down.stderr);
    assert.match(down.stderr, /cannot fetch the receipt keys/);
    for (const args of [
      ["receipt", "verify"],
      ["receipt", "check", good],
      ["receipt", "verify", good, "--key", join(dir, "missing")],
      ["receipt", "verify", good, "--key", join(dir, "raw.key"), "--hub", hubUrl],
    ]) {
      const res = await tollbooth(args);
      assert.equal(res.code, 2, `${args.join(" ")}: ${res.stderr}`);
    }
  });
});
