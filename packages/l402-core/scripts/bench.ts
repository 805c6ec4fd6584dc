/**
 * Verification speed, side by side in one process (machines are noisy: compare the ratio, not the
 * absolute numbers). Each op verifies a full credential for one request:
 *  - macaroon-lib: the `macaroon` package (import + verify + our caveat checks in its callback)
 *  - cold: verifyToken, no cache, each token seen for the first time by the process's caches
 *  - warm: TokenVerifier.verify with the credential already cached; each op gets a credential
 *    freshly parsed from its header (as the gateway does), so string hashes are not pre-cached
 * Prints medians over ROUNDS rounds.
 */
import { createHash, randomBytes } from "node:crypto";
import macaroon from "macaroon";
import { analyzeCaveats, checkRequest } from "../src/caveats/analyze";
import { mintToken, newRootKey, newTokenId, parseCredential, TokenVerifier, verifyToken } from "../src/index";

const TOKENS = 2000;
const ROUNDS = 15;
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

type Fixture = (typeof fixtures)[number];

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

const perOp = (start: bigint) => Number(process.hrtime.bigint() - start) / 1000 / fixtures.length;
const fail = () => {
  throw new Error("verification failed in the bench");
};

// One loop per path (not one shared loop calling a callback), so each call site stays
// monomorphic and the harness does not dominate a sub-microsecond operation.
function roundLib(): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < fixtures.length; i++) if (!libVerify(fixtures[i] as Fixture)) fail();
  return perOp(start);
}

function roundCold(): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < fixtures.length; i++) {
    const f = fixtures[i] as Fixture;
    if (!verifyToken(f.credential, f.rootKey, ctx).ok) fail();
  }
  return perOp(start);
}

function roundWarm(): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < fixtures.length; i++) {
    if (!verifier.verify(fresh[i] as Fixture["credential"], (fixtures[i] as Fixture).rootKey, ctx).ok) fail();
  }
  return perOp(start);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

const verifier = new TokenVerifier({ maxEntries: TOKENS * 2 });
const headers = fixtures.map((f) => `L402 ${f.credential.macaroons[0]}:${f.credential.preimage}`);
/** Fresh credential objects (new strings) per warm round, made outside the timed loop. */
let fresh: Array<{ macaroons: string[]; preimage: string }> = [];
const refresh = () => {
  fresh = headers.map((h) => {
    const c = parseCredential(h);
    if (!c.ok) throw new Error("bench header does not parse");
    return c;
  });
};

// Warm-up: fill the cache and let the JIT reach its optimizing tier on all three paths
// (a sub-microsecond path needs ~10 passes of 2000 ops before its times settle).
for (let i = 0; i < 10; i++) {
  refresh();
  roundLib();
  roundCold();
  roundWarm();
}

const results = { lib: [] as number[], cold: [] as number[], warm: [] as number[] };
for (let r = 0; r < ROUNDS; r++) {
  // Interleave so drift in machine load hits all three alike.
  results.lib.push(roundLib());
  results.cold.push(roundCold());
  refresh();
  results.warm.push(roundWarm());
}

const lib = median(results.lib);
const cold = median(results.cold);
const warm = median(results.warm);
console.log(`verify macaroon-lib: ${lib.toFixed(2)} µs/op`);
console.log(`verify cold: ${cold.toFixed(2)} µs/op`);
console.log(`verify warm: ${warm.toFixed(3)} µs/op`);
console.log(`ratio lib/cold: ${(lib / cold).toFixed(1)}x, lib/warm: ${(lib / warm).toFixed(0)}x`);
