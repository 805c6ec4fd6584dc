import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { FileTokenStore } from "../src/token-file-store";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "cli-tokens-"));
  dirs.push(dir);
  return join(dir, "tokens.json");
}

const token = (n: number) => ({
  macaroon: `AgEJdG9sbGJvb3Ro${n}`,
  preimage: n.toString(16).padStart(64, "0"),
  scheme: "L402" as const,
});

const STORE = fileURLToPath(new URL("../src/token-file-store.ts", import.meta.url));

/** A separate process that writes `count` tokens under its own keys, one set() each. */
function writer(file: string, id: number, count: number): Promise<number | null> {
  const script = `
    const { FileTokenStore } = await import(${JSON.stringify(STORE)});
    const store = new FileTokenStore(${JSON.stringify(file)});
    for (let i = 0; i < ${count}; i++) {
      await store.set("http://127.0.0.1:1 weather GET /w${id}-" + i, {
        macaroon: "AgEJdG9sbGJvb3Ro${id}x" + i, preimage: "${"ab".repeat(32)}", scheme: "L402",
      });
    }`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.on("close", resolve);
  });
}

test("concurrent processes writing the token file lose nothing and leave valid JSON", async () => {
  const file = tempFile();
  const codes = await Promise.all([0, 1, 2, 3, 4, 5].map((id) => writer(file, id, 6)));
  assert.deepEqual(codes, [0, 0, 0, 0, 0, 0]);
  const parsed = JSON.parse(readFileSync(file, "utf8")) as { tokens: Record<string, unknown> };
  const store = new FileTokenStore(file);
  let found = 0;
  for (let id = 0; id < 6; id++) {
    for (let i = 0; i < 6; i++) {
      if (await store.get(`http://127.0.0.1:1 weather GET /w${id}-${i}`)) found++;
    }
  }
  assert.equal(
    found,
    36,
    `every token written is still there (${Object.keys(parsed.tokens ?? parsed).length})`,
  );
  assert.equal(statSync(file).mode & 0o777, 0o600, "the file holds bearer credentials: 0600");
});

test("the file is versioned; a version-1 file (one token per API) is migrated, not lost", async () => {
  const file = tempFile();
  writeFileSync(file, JSON.stringify({ "http://127.0.0.1:8402 weather": token(1) }), { mode: 0o600 });
  const store = new FileTokenStore(file);
  const legacy = await store.list("http://127.0.0.1:8402 weather");
  assert.equal(legacy.length, 1);
  assert.equal(legacy[0]?.token.macaroon, token(1).macaroon);
  assert.equal(legacy[0]?.token.scopeSource, "legacy");
  await store.set("http://127.0.0.1:8402 weather GET /current", token(2));
  const written = JSON.parse(readFileSync(file, "utf8")) as {
    version: number;
    tokens: Record<string, unknown>;
  };
  assert.equal(written.version, 2);
  assert.equal(Object.keys(written.tokens).length, 2, "the migrated token is kept next to the new one");
});

test("a corrupt or future-version file is ignored, not fatal", async () => {
  const corrupt = tempFile();
  writeFileSync(corrupt, "{not json");
  assert.deepEqual(await new FileTokenStore(corrupt).list("http://x weather"), []);
  const future = tempFile();
  writeFileSync(future, JSON.stringify({ version: 99, tokens: { "http://x weather GET /a": token(3) } }));
  const before = readFileSync(future, "utf8");
  const store = new FileTokenStore(future);
  assert.deepEqual(await store.list("http://x weather"), []);
  await store.set("http://x weather GET /b", token(4));
  assert.equal((await store.list("http://x weather")).length, 1, "kept for this run");
  assert.equal(readFileSync(future, "utf8"), before, "a newer CLI's file is not overwritten");
});
