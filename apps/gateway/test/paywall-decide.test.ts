// Over 300 lines: the decision table itself (one row per case) and the fakes it runs on.
/**
 * The paywall's decision for one request (L402Paywall.authorize), as a table: each row is a
 * request, the state of the paywall's collaborators (in-memory fakes) and the expected outcome.
 * The crypto is real: tokens are minted with l402-core and checked by the real TokenVerifier.
 */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, it } from "node:test";
import { formatCredential, mintToken, newRootKey, newTokenId, TokenVerifier } from "@tollbooth/l402-core";
import type { OpenSecret } from "../src/config/load-config";
import type { TenantApi } from "../src/config/tenant-config";
import { createLogger } from "../src/ops/logger";
import { GatewayMetrics } from "../src/ops/metrics";
import type { ChallengeIssuer, ChallengeRequest } from "../src/payment/challenge-issuer";
import type { ConsumptionLedger } from "../src/payment/consumption";
import { L402Paywall } from "../src/payment/l402-paywall";
import { NodeUnavailableError } from "../src/payment/node-gate";
import { type NodeRegistry, SettledTokens } from "../src/payment/node-registry";
import type { PaywallDecision } from "../src/payment/paywall-types";
import { RootKeyCache } from "../src/payment/root-key-cache";
import type { SoldScope } from "../src/payment/sold-scope";
import { compileRule, type RoutePrice } from "../src/pricing/price-route";
import type { ChallengeStore, StoredToken } from "../src/store/challenge-store";
import type { FreeTier, FreeTierSlot } from "../src/store/free-tier";

const NOW = () => Math.floor(Date.now() / 1000);

const route = (
  method: string,
  pathPattern: string,
  kind: "per_call" | "time_pass" = "per_call",
): RoutePrice =>
  compileRule({
    id: `${method} ${pathPattern}`,
    position: 0,
    method,
    pathPattern,
    kind,
    // The current price (5) differs from the price at sale (3): a grant is worth the latter.
    priceSats: kind === "time_pass" ? 50 : 5,
    callsPerToken: 10,
    passSeconds: kind === "time_pass" ? 3600 : null,
  });

const WEATHER = route("GET", "/weather");
const FORECAST = route("GET", "/forecast");
const PASS = route("GET", "/pass", "time_pass");

const api = (id: string, slug: string, freeTierCalls = 0): TenantApi =>
  ({
    id,
    tenantId: "tenant-1",
    slug,
    freeTierCalls,
    freeTierWindowSeconds: 60,
  }) as TenantApi;

type TokenKind = "good" | "wrong_preimage" | "tampered" | "other_api" | "expired" | "none" | "malformed";

interface Row {
  name: string;
  token: TokenKind;
  /** The route the request is priced under (default WEATHER). */
  route?: RoutePrice;
  /** What the token was sold for (default WEATHER at 3 sats a call). */
  sold?: SoldScope;
  freeTierCalls?: number;
  freeTierSlot?: boolean;
  settled?: boolean;
  callsLeft?: number;
  ledgerThrows?: boolean;
  storeThrows?: boolean;
  nodeUnavailable?: boolean;
  expect:
    | { granted: "token" | "time_pass" | "free_tier"; sats: number }
    | { status: number; error: string; via: "issuer" | "sendError"; retryAfter?: string };
}

const SOLD_WEATHER: SoldScope = {
  method: "GET",
  pathPattern: "/weather",
  kind: "per_call",
  priceSats: 3,
  passSeconds: null,
};
const SOLD_PASS: SoldScope = {
  method: "GET",
  pathPattern: "/pass",
  kind: "time_pass",
  priceSats: 50,
  passSeconds: 3600,
};

const rows: Row[] = [
  {
    name: "no credential, a free-tier slot left → free_tier",
    token: "none",
    freeTierCalls: 3,
    freeTierSlot: true,
    expect: { granted: "free_tier", sats: 0 },
  },
  {
    name: "no credential, free tier used up → 402 payment_required",
    token: "none",
    freeTierCalls: 3,
    freeTierSlot: false,
    expect: { status: 402, error: "payment_required", via: "issuer" },
  },
  {
    name: "no credential, no free tier → 402 payment_required",
    token: "none",
    expect: { status: 402, error: "payment_required", via: "issuer" },
  },
  {
    name: "malformed header → 401 invalid_credential",
    token: "malformed",
    expect: { status: 401, error: "invalid_credential", via: "issuer" },
  },
  {
    name: "token issued for another API → 401 unknown_token",
    token: "other_api",
    settled: true,
    expect: { status: 401, error: "unknown_token", via: "issuer" },
  },
  {
    name: "wrong preimage → 401 invalid_token",
    token: "wrong_preimage",
    settled: true,
    expect: { status: 401, error: "invalid_token", via: "issuer" },
  },
  {
    name: "tampered macaroon → 401 invalid_token",
    token: "tampered",
    settled: true,
    expect: { status: 401, error: "invalid_token", via: "issuer" },
  },
  {
    name: "expired token → 402 token_expired",
    token: "expired",
    settled: true,
    expect: { status: 402, error: "token_expired", via: "issuer" },
  },
  {
    name: "token sold for another scope → 402 payment_required",
    token: "good",
    route: FORECAST,
    settled: true,
    expect: { status: 402, error: "payment_required", via: "issuer" },
  },
  {
    name: "invoice not settled, no node to ask → 402 payment_pending, Retry-After 1",
    token: "good",
    settled: false,
    expect: { status: 402, error: "payment_pending", via: "sendError", retryAfter: "1" },
  },
  {
    name: "invoice not settled, node unavailable → 503 settlement_unknown with its Retry-After",
    token: "good",
    settled: false,
    nodeUnavailable: true,
    expect: { status: 503, error: "settlement_unknown", via: "sendError", retryAfter: "7" },
  },
  {
    name: "root key lookup fails (Postgres down) → 503 ledger_unavailable",
    token: "good",
    storeThrows: true,
    expect: { status: 503, error: "ledger_unavailable", via: "sendError", retryAfter: "2" },
  },
  {
    name: "ledger down on consume → 503 ledger_unavailable",
    token: "good",
    settled: true,
    ledgerThrows: true,
    expect: { status: 503, error: "ledger_unavailable", via: "sendError", retryAfter: "2" },
  },
  {
    name: "no calls left → 402 token_exhausted",
    token: "good",
    settled: true,
    callsLeft: 0,
    expect: { status: 402, error: "token_exhausted", via: "issuer" },
  },
  {
    name: "good token → granted token, worth the price at sale",
    token: "good",
    settled: true,
    expect: { granted: "token", sats: 3 },
  },
  {
    name: "time pass → granted time_pass, 0 sats",
    token: "good",
    route: PASS,
    sold: SOLD_PASS,
    settled: true,
    expect: { granted: "time_pass", sats: 0 },
  },
];

/** A ServerResponse that records what sendError wrote. */
function fakeResponse() {
  const seen: { status?: number; headers?: Record<string, unknown>; body?: string } = {};
  const res = {
    headersSent: false,
    writeHead(status: number, headers: Record<string, unknown>) {
      seen.status = status;
      seen.headers = headers;
      return res;
    },
    end(body: string) {
      seen.body = body;
      res.headersSent = true;
    },
    destroy() {},
  };
  return { res: res as unknown as ServerResponse, seen };
}

function setUp(row: Row) {
  const theApi = api("api-1", "weather", row.freeTierCalls ?? 0);
  const rootKey = newRootKey();
  const tokenIdBytes = newTokenId();
  const tokenId = tokenIdBytes.toString("hex");
  const preimage = randomBytes(32);
  // sha256(preimage), as the invoice's payment hash
  const paymentHash = createHash("sha256").update(preimage).digest();
  const macaroon = mintToken({
    rootKey,
    paymentHash,
    tokenId: tokenIdBytes,
    service: "weather",
    validUntil: row.token === "expired" ? NOW() - 60 : NOW() + 3600,
  });

  let authorization: string | undefined;
  switch (row.token) {
    case "none":
      authorization = undefined;
      break;
    case "malformed":
      authorization = "L402 not-a-credential";
      break;
    case "wrong_preimage":
      authorization = formatCredential({ macaroon, preimage: randomBytes(32).toString("hex") });
      break;
    case "tampered": {
      // Flip one signature byte: the macaroon still decodes, but its signature no longer checks.
      const raw = Buffer.from(macaroon, "base64");
      raw[raw.length - 1] = raw[raw.length - 1]! ^ 0x01;
      authorization = formatCredential({
        macaroon: raw.toString("base64"),
        preimage: preimage.toString("hex"),
      });
      break;
    }
    default:
      authorization = formatCredential({ macaroon, preimage: preimage.toString("hex") });
  }

  const stored: StoredToken = {
    keyCipher: Buffer.from("cipher"),
    keyVersion: 1,
    tenantId: "tenant-1",
    state: row.settled ? "settled" : "pending",
    paymentHash: paymentHash.toString("hex"),
    connectionId: "conn-1",
    serviceSlug: "weather",
    sold: row.sold ?? SOLD_WEATHER,
    receipted: false,
  };
  const issued: ChallengeRequest[] = [];
  const issuer = {
    async issue(c: ChallengeRequest) {
      issued.push(c);
      return c.status;
    },
  } as unknown as ChallengeIssuer;
  const store = {
    async find(id: string, apiId: string) {
      if (row.storeThrows) throw new Error("connection refused");
      // "other_api": the token exists, but under another API.
      if (id !== tokenId || row.token === "other_api" || apiId !== theApi.id) return null;
      return stored;
    },
    async state(id: string) {
      return id === tokenId ? stored.state : null;
    },
    async markSettled() {
      return null;
    },
  } as unknown as ChallengeStore;
  let callsLeft = row.callsLeft ?? 10;
  const consumed: bigint[] = [];
  const ledger = {
    takeLeased: () => false,
    async consume(_id: string, _limits: unknown, msats: bigint) {
      if (row.ledgerThrows) throw new Error("connection refused");
      if (callsLeft <= 0) return false;
      callsLeft--;
      consumed.push(msats);
      return true;
    },
    async refund() {},
  } as unknown as ConsumptionLedger;
  const freeTier = {
    async take(): Promise<FreeTierSlot | null> {
      return row.freeTierSlot ? ({ windowStart: new Date(0) } as unknown as FreeTierSlot) : null;
    },
    async giveBack() {},
  } as unknown as FreeTier;
  const nodes = {
    gate() {
      if (!row.nodeUnavailable) return undefined;
      return {
        async call() {
          throw new NodeUnavailableError("node_down", 7, "The node is down.");
        },
      };
    },
  } as unknown as NodeRegistry;
  const openSecret: OpenSecret = () => rootKey.toString("hex");

  const paywall = new L402Paywall({
    issuer,
    store,
    ledger,
    freeTier,
    verifier: new TokenVerifier(),
    rootKeys: new RootKeyCache(),
    settled: new SettledTokens(),
    nodes,
    openSecret,
    metrics: new GatewayMetrics(),
    logger: createLogger({ level: "silent" }),
  });
  const r = row.route ?? WEATHER;
  const { res, seen } = fakeResponse();
  const req = { headers: authorization === undefined ? {} : { authorization } } as IncomingMessage;
  const request = {
    api: theApi,
    route: r,
    method: r.method,
    path: r.pathPattern,
    clientKey: "203.0.113.7",
    req,
    res,
  };
  return { paywall, request, issued, seen, consumed, tokenId };
}

describe("L402Paywall.authorize: the decision for one request", () => {
  for (const row of rows) {
    it(row.name, async () => {
      const { paywall, request, issued, seen, consumed, tokenId } = setUp(row);
      const decision: PaywallDecision = await paywall.authorize(request);
      const e = row.expect;
      if ("granted" in e) {
        assert.equal(
          decision.kind,
          "granted",
          `refused: ${issued.map((i) => i.error).join(",")}${seen.body ?? ""}`,
        );
        if (decision.kind !== "granted") return;
        assert.equal(decision.grant.kind, e.granted);
        assert.equal(decision.grant.sats, e.sats);
        assert.equal(decision.grant.msats, BigInt(e.sats) * 1000n);
        assert.equal(decision.grant.free, e.granted === "free_tier");
        if (e.granted === "free_tier") {
          assert.equal(decision.grant.tokenId, null);
          assert.ok(decision.grant.freeTierSlot);
        } else {
          assert.equal(decision.grant.tokenId, tokenId);
          assert.deepEqual(consumed, [BigInt(e.sats) * 1000n], "one call consumed, worth the price at sale");
        }
        assert.equal(issued.length, 0, "no challenge sent");
        assert.equal(seen.status, undefined, "nothing written");
        return;
      }
      assert.equal(decision.kind, "answered");
      if (decision.kind !== "answered") return;
      assert.equal(decision.status, e.status);
      assert.deepEqual(consumed, [], "no call consumed on a refusal");
      if (e.via === "issuer") {
        assert.equal(issued.length, 1, "one fresh challenge");
        assert.equal(issued[0]!.status, e.status);
        assert.equal(issued[0]!.error, e.error);
        assert.equal(seen.status, undefined, "the issuer answers, not sendError");
      } else {
        assert.equal(issued.length, 0, "no challenge");
        assert.equal(seen.status, e.status);
        assert.equal(JSON.parse(seen.body ?? "{}").error, e.error);
        assert.equal(seen.headers?.["retry-after"], e.retryAfter);
      }
    });
  }

  it("a warm token (root key cached, settled, leased here) is granted synchronously", async () => {
    const row: Row = { name: "warm", token: "good", settled: true, expect: { granted: "token", sats: 3 } };
    const { paywall, request } = setUp(row);
    const cold = await paywall.authorize(request);
    assert.equal(cold.kind, "granted");
    // Now known and settled: a ledger with a lease answers without a promise.
    (paywall as unknown as { o: { ledger: { takeLeased: () => boolean } } }).o.ledger.takeLeased = () => true;
    const warm = paywall.authorize(request);
    assert.ok(!(warm instanceof Promise), "no I/O on the warm path");
    assert.equal(warm.kind, "granted");
    if (warm.kind === "granted") assert.equal(warm.grant.sats, 3);
  });
});
