/**
 * Verification speed, side by side in one process (machines are noisy: compare the ratio, not the
 * absolute numbers). Each op verifies a full credential for one request, with the context the
 * gateway passes (service, method, path; no `now`, so every op reads the clock like the gateway):
 *  - macaroon-lib: the `macaroon` package (import + verify + our caveat checks in its callback)
 *  - cold: verifyToken, no cache, each token seen for the first time by the process's caches
 *  - warm: TokenVerifier.verify with the credential already cached; each op gets a credential
 *    freshly parsed from its header (as the gateway does), so string hashes are not pre-cached
 * Tokens are shaped like the gateway's (services, valid_until, calls) plus a budget caveat; the
 * "scoped" lines use the same tokens attenuated with paths and methods, so the per-call scope
 * checks run too. The three paths are interleaved round by round (drift in machine load hits all
 * alike) and each has its own loop (call sites stay monomorphic). Prints medians over ROUNDS.
 * Each round is timed twice: by this process's CPU time (user + system, all its threads, GC
 * included) — the headline, because on a shared machine wall time also counts the moments the OS
 * ran someone else — and by the wall clock, printed beside it.
 * Between warm rounds the other paths evict the cache's entries from the CPU caches, as the rest
 * of a request does in the gateway: that is the number we report, not a hot loop's.
 */
import { createHash, randomBytes } from "node:crypto";
import macaroon from "macaroon";
import { analyzeCaveats, checkRequest } from "../src/caveats/analyze";
import {
  attenuate,
  mintToken,
  newRootKey,
  newTokenId,
  parseCredential,
  TokenVerifier,
  type VerifyContext,
  verifyToken,
} from "../src/index";

const TOKENS = 2000;
const ROUNDS = 21;
const WARMUP_PASSES = 20;
const ctx: VerifyContext = { service: "weather", method: "GET", path: "/v1/forecast" };
const validUntil = Math.floor(Date.now() / 1000) + 24 * 3600;

interface Fixture {
  rootKey: Buffer;
  credential: { macaroons: string[]; preimage: string };
}

const fixtures: Fixture[] = Array.from({ length: TOKENS }, () => {
  const rootKey = newRootKey();
  const preimage = randomBytes(32);
  const macaroonB64 = mintToken({
    rootKey,
    paymentHash: createHash("sha256").update(preimage).digest(),
    tokenId: newTokenId(),
    service: "weather",
    validUntil,
    calls: 100,
    budgetMsat: 1_000_000,
  });
  return { rootKey, credential: { macaroons: [macaroonB64], preimage: preimage.toString("hex") } };
});
const scopedFixtures: Fixture[] = fixtures.map((f) => ({
  rootKey: f.rootKey,
  credential: {
    macaroons: [
      attenuate(f.credential.macaroons[0] as string, { paths: ["/v1/*"], methods: ["GET", "POST"] }),
    ],
    preimage: f.credential.preimage,
  },
}));

function libVerify(f: Fixture): boolean {
  const m = macaroon.importMacaroon(f.credential.macaroons[0] as string);
  const conditions: string[] = [];
  m.verify(f.rootKey, (condition) => {
    conditions.push(condition);
    return null;
  });
  const paid = createHash("sha256").update(Buffer.from(f.credential.preimage, "hex")).digest();
  if (!paid.equals(Buffer.from(m.identifier).subarray(2, 34))) return false;
  const analyzed = analyzeCaveats(conditions);
  return (
    analyzed.ok &&
    checkRequest(analyzed.analysis, { ...ctx, now: Math.floor(Date.now() / 1000) }) === undefined
  );
}

interface Sample {
  cpu: number;
  wall: number;
}
interface Start {
  cpu: NodeJS.CpuUsage;
  wall: bigint;
}
const begin = (): Start => ({ cpu: process.cpuUsage(), wall: process.hrtime.bigint() });
const perOp = (start: Start, n: number): Sample => {
  const wall = Number(process.hrtime.bigint() - start.wall) / 1000 / n;
  const cpu = process.cpuUsage(start.cpu);
  return { cpu: (cpu.user + cpu.system) / n, wall };
};
const fail = () => {
  throw new Error("verification failed in the bench");
};

function roundLib(): Sample {
  const start = begin();
  for (let i = 0; i < fixtures.length; i++) if (!libVerify(fixtures[i] as Fixture)) fail();
  return perOp(start, fixtures.length);
}

function roundCold(set: readonly Fixture[]): Sample {
  const start = begin();
  for (let i = 0; i < set.length; i++) {
    const f = set[i] as Fixture;
    if (!verifyToken(f.credential, f.rootKey, ctx).ok) fail();
  }
  return perOp(start, set.length);
}

function roundWarm(verifier: TokenVerifier, set: readonly Fixture[], fresh: Fixture["credential"][]): Sample {
  const start = begin();
  for (let i = 0; i < set.length; i++) {
    if (!verifier.verify(fresh[i] as Fixture["credential"], (set[i] as Fixture).rootKey, ctx).ok) fail();
  }
  return perOp(start, set.length);
}

/** Fresh credential objects (new strings) per warm round, made outside the timed loop. */
const freshCredentials = (set: readonly Fixture[]) =>
  set.map((f) => {
    const c = parseCredential(`L402 ${f.credential.macaroons[0]}:${f.credential.preimage}`);
    if (!c.ok) throw new Error("bench header does not parse");
    return c;
  });

const medianOf = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};
const median = (samples: Sample[]): Sample => ({
  cpu: medianOf(samples.map((x) => x.cpu)),
  wall: medianOf(samples.map((x) => x.wall)),
});
const show = (m: Sample, digits: number) => `${m.cpu.toFixed(digits)} µs/op (wall ${m.wall.toFixed(digits)})`;

const verifier = new TokenVerifier({ maxEntries: TOKENS * 4 });
const results = {
  lib: [] as Sample[],
  cold: [] as Sample[],
  warm: [] as Sample[],
  coldScoped: [] as Sample[],
  warmScoped: [] as Sample[],
};

// The first WARMUP_PASSES rounds fill the cache and let the JIT reach its optimizing tier on every
// path (a sub-microsecond path needs many passes of 2000 ops before its times settle); not counted.
for (let r = 0; r < WARMUP_PASSES + ROUNDS; r++) {
  const counted = r >= WARMUP_PASSES;
  const lib = roundLib();
  const cold = roundCold(fixtures);
  const coldScoped = roundCold(scopedFixtures);
  const fresh = freshCredentials(fixtures);
  const freshScoped = freshCredentials(scopedFixtures);
  const warm = roundWarm(verifier, fixtures, fresh);
  const warmScoped = roundWarm(verifier, scopedFixtures, freshScoped);
  if (!counted) continue;
  results.lib.push(lib);
  results.cold.push(cold);
  results.coldScoped.push(coldScoped);
  results.warm.push(warm);
  results.warmScoped.push(warmScoped);
}

const lib = median(results.lib);
const cold = median(results.cold);
const warm = median(results.warm);
console.log(`node: ${process.version}`); // figures from different runtimes are not comparable
console.log(`verify macaroon-lib: ${show(lib, 2)}`);
console.log(`verify cold: ${show(cold, 2)}`);
console.log(`verify warm: ${show(warm, 3)}`);
console.log(
  `ratio lib/cold: ${(lib.cpu / cold.cpu).toFixed(1)}x, lib/warm: ${(lib.cpu / warm.cpu).toFixed(0)}x`,
);
console.log(
  `scoped token (+paths +methods): cold ${show(median(results.coldScoped), 2)}, warm ${show(median(results.warmScoped), 3)}`,
);
