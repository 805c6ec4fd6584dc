/**
 * Verification speed, side by side in one process (machines are noisy: compare the ratio, not the
 * absolute numbers). Each op verifies a full credential for one request:
 *  - macaroon-lib: the `macaroon` package (import + verify + our caveat checks in its callback)
 *  - cold: verifyToken, no cache, each token seen for the first time by the process's caches
 *  - warm: TokenVerifier.verify with the credential already cached
 * Prints medians over ROUNDS rounds.
 */
import { createHash, randomBytes } from "node:crypto";
import macaroon from "macaroon";
import { analyzeCaveats, checkRequest } from "../src/caveats/analyze";
import { mintToken, newRootKey, newTokenId, TokenVerifier, verifyToken } from "../src/index";

const TOKENS = 2000;
const ROUNDS = 7;
const NOW = 1_800_000_000;
const ctx = { service: "weather", now: NOW, method: "GET", path: "/forecast" };

const fixtures = Array.from({ length: TOKENS }, () => {
  const rootKey = newRootKey();
  const preimage = randomBytes(32);
  const macaroonB64 = mintToken({
    rootKey,
    paymentHash: createHash("sha256").update(preimage).digest(),
    tokenId: newTokenId(),
    service: "weather",
    validUntil: NOW + 3600,
    calls: 100,
    budgetMsat: 1_000_000,
  });
  return { rootKey, credential: { macaroons: [macaroonB64], preimage: preimage.toString("hex") } };
});

function libVerify(f: (typeof fixtures)[number]): boolean {
  const m = macaroon.importMacaroon(f.credential.macaroons[0] as string);
  const conditions: string[] = [];
  m.verify(f.rootKey, (condition) => {
    conditions.push(condition);
    return null;
  });
  const paid = createHash("sha256").update(Buffer.from(f.credential.preimage, "hex")).digest();
  if (!paid.equals(Buffer.from(m.identifier).subarray(2, 34))) return false;
  const analyzed = analyzeCaveats(conditions);
  return analyzed.ok && checkRequest(analyzed.analysis, ctx) === undefined;
}

/** µs per op over one pass of all fixtures. */
function round(op: (f: (typeof fixtures)[number]) => boolean): number {
  const start = process.hrtime.bigint();
  for (const f of fixtures) if (!op(f)) throw new Error("verification failed in the bench");
  return Number(process.hrtime.bigint() - start) / 1000 / fixtures.length;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

const verifier = new TokenVerifier({ maxEntries: TOKENS * 2 });
const ops = {
  lib: libVerify,
  cold: (f: (typeof fixtures)[number]) => verifyToken(f.credential, f.rootKey, ctx).ok,
  warm: (f: (typeof fixtures)[number]) => verifier.verify(f.credential, f.rootKey, ctx).ok,
};

// Warm-up: JIT all three paths and fill the cache.
for (let i = 0; i < 2; i++) for (const op of Object.values(ops)) round(op);

const results = { lib: [] as number[], cold: [] as number[], warm: [] as number[] };
for (let r = 0; r < ROUNDS; r++) {
  // Interleave so drift in machine load hits all three alike.
  results.lib.push(round(ops.lib));
  results.cold.push(round(ops.cold));
  results.warm.push(round(ops.warm));
}

const lib = median(results.lib);
const cold = median(results.cold);
const warm = median(results.warm);
console.log(`verify macaroon-lib: ${lib.toFixed(2)} µs/op`);
console.log(`verify cold: ${cold.toFixed(2)} µs/op`);
console.log(`verify warm: ${warm.toFixed(3)} µs/op`);
console.log(`ratio lib/cold: ${(lib / cold).toFixed(1)}x, lib/warm: ${(lib / warm).toFixed(0)}x`);
