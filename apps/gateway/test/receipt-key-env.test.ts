/**
 * The gateway process and its receipt key: in production it refuses to start without one (or
 * with one that is not an Ed25519 PKCS#8 key) in one sentence naming the variable, never its
 * value, before it touches the database.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { spawnGatewayProcess } from "./helpers/gateway-process";

function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { TOLLBOOTH_RECEIPT_KEY: _drop, ...inherited } = process.env;
  return new Promise((resolve) => {
    const child = spawnGatewayProcess(
      // Port 1 on loopback: nothing listens, so a gateway that got past the key check would fail later, differently.
      { ...inherited, DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none", GATEWAY_PORT: "0", ...env },
      ["ignore", "pipe", "pipe"],
    );
    let output = "";
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    child.on("close", (code) => resolve({ code, output }));
  });
}

test("production without a receipt key: exit 1 with one sentence", async () => {
  const { code, output } = await start({ TOLLBOOTH_ENV: "production" });
  assert.equal(code, 1);
  const lines = output.trim().split("\n");
  assert.equal(lines.length, 1, output);
  assert.match(JSON.parse(lines[0]!).msg, /^TOLLBOOTH_RECEIPT_KEY is required in production: .+\.$/);
});

test("a key that is not Ed25519 PKCS#8: exit 1, the value never printed", async () => {
  const value = "not-a-key-but-looks-secret-0123456789";
  const { code, output } = await start({ TOLLBOOTH_ENV: "production", TOLLBOOTH_RECEIPT_KEY: value });
  assert.equal(code, 1);
  assert.match(output, /TOLLBOOTH_RECEIPT_KEY is not a PKCS#8 private key/);
  assert.doesNotMatch(output, new RegExp(value));
});
