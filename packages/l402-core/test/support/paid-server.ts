/**
 * A small L402 server built on this library, for the client and interop tests: a real HTTP server
 * on 127.0.0.1:0, real BOLT11 invoices (signed with a throwaway key), tokens minted and verified
 * with @tollbooth/l402-core. "Paying" is simulated by the test wallet, which learns the preimage
 * from this server's ledger the way a Lightning payment would reveal it.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import bolt11 from "bolt11";
import {
  formatChallenge,
  mintToken,
  newRootKey,
  newTokenId,
  parseCredential,
  TokenVerifier,
  type Wallet,
} from "../../src/index";

const REGTEST = { bech32: "bcrt", pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] };
const NODE_KEY = randomBytes(32).toString("hex");

export function signInvoice(paymentHash: string, sats: number): string {
  const encoded = bolt11.encode({
    network: REGTEST,
    satoshis: sats,
    timestamp: Math.floor(Date.now() / 1000),
    tags: [
      { tagName: "payment_hash", data: paymentHash },
      { tagName: "payment_secret", data: randomBytes(32).toString("hex") },
      { tagName: "description", data: "tollbooth test" },
      { tagName: "expire_time", data: 600 },
    ],
  });
  const signed = bolt11.sign(encoded, NODE_KEY).paymentRequest;
  if (!signed) throw new Error("bolt11 signing failed");
  return signed;
}

export interface PaidServerOptions {
  priceSats?: number;
  /** the `amount_sats` in the JSON body; default priceSats */
  advertisedSats?: number;
  /** calls per token */
  calls?: number;
  /** invoice for another payment hash than the macaroon's */
  wrongHash?: boolean;
  /** always 402, even with a valid credential */
  neverAccept?: boolean;
  /**
   * Priced routes inside the service (paths after /weather), first match wins, like the gateway:
   * a token buys calls on the route it was priced for; on another route it gets 402
   * `payment_required`, used up `token_exhausted`, past its pass `token_expired`.
   */
  routes?: PaidRoute[];
  /** send the route's `scope` in the 402 body (default true when routes are given) */
  scope?: boolean;
}

export interface PaidRoute {
  method: string;
  path: string;
  priceSats?: number;
  calls?: number;
  /** a time pass: valid this many seconds, no call count */
  passSeconds?: number;
}

/** The gateway's pattern grammar, written out again here so the client's matcher is tested against it. */
function routeMatches(route: PaidRoute, method: string, path: string): boolean {
  const m = method.toUpperCase() === "HEAD" ? "GET" : method.toUpperCase();
  if (route.method !== "*" && route.method !== m) return false;
  const norm = (p: string) => (p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p).toLowerCase();
  const want = norm(route.path).split("/").slice(1);
  const got = norm(path).split("/").slice(1);
  if (want[want.length - 1] === "*") {
    const fixed = want.slice(0, -1);
    return (
      got.length >= fixed.length && fixed.every((w, i) => (w.startsWith(":") ? got[i] !== "" : w === got[i]))
    );
  }
  return (
    got.length === want.length && want.every((w, i) => (w.startsWith(":") ? got[i] !== "" : w === got[i]))
  );
}

export interface PaidServer {
  url: string;
  /** preimages by payment hash: the "network" the test wallet pays through */
  ledger: Map<string, string>;
  /** forget all root keys (tokens now fail with 401) */
  rekey(): void;
  requests: Array<{ method: string; path: string; authorization?: string; body: string }>;
  close(): Promise<void>;
}

export async function startPaidServer(options: PaidServerOptions = {}): Promise<PaidServer> {
  const price = options.priceSats ?? 21;
  const callsPerToken = options.calls ?? 2;
  const rootKeys = new Map<string, Buffer>();
  const used = new Map<string, number>();
  const ledger = new Map<string, string>();
  const verifier = new TokenVerifier();
  const requests: PaidServer["requests"] = [];
  const routes = options.routes;
  const sendScope = options.scope ?? routes !== undefined;
  const ruleOf = new Map<string, number>();
  const routeIndex = (method: string, path: string) =>
    routes ? routes.findIndex((r) => routeMatches(r, method, path.replace(/^\/weather/, "") || "/")) : 0;

  const challenge = (
    res: import("node:http").ServerResponse,
    rule: number,
    error = "payment_required",
    status = 402,
  ) => {
    const route = routes?.[rule];
    const routePrice = route?.priceSats ?? price;
    const routeCalls = route ? (route.passSeconds ? undefined : (route.calls ?? 1)) : callsPerToken;
    const preimage = randomBytes(32);
    const paymentHash = createHash("sha256").update(preimage).digest("hex");
    ledger.set(paymentHash, preimage.toString("hex"));
    const tokenId = newTokenId();
    const rootKey = newRootKey();
    rootKeys.set(tokenId.toString("hex"), rootKey);
    ruleOf.set(tokenId.toString("hex"), rule);
    const macaroon = mintToken({
      rootKey,
      paymentHash,
      tokenId,
      service: "weather",
      validUntil: Math.floor(Date.now() / 1000) + (route?.passSeconds ?? 3600),
      calls: routeCalls,
    });
    const invoiceHash = options.wrongHash
      ? createHash("sha256").update(randomBytes(32)).digest("hex")
      : paymentHash;
    const invoice = signInvoice(invoiceHash, routePrice);
    res.statusCode = status;
    res.setHeader("cache-control", "no-store");
    res.setHeader("www-authenticate", formatChallenge({ macaroon, invoice }));
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify({
        error,
        amount_sats: options.advertisedSats ?? routePrice,
        invoice,
        macaroon,
        payment_hash: paymentHash,
        calls: routeCalls,
        ...(sendScope && route ? { scope: { method: route.method, path: route.path } } : {}),
      }),
    );
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const authorization = req.headers.authorization;
      requests.push({
        method: req.method ?? "GET",
        path,
        authorization,
        body: Buffer.concat(chunks).toString(),
      });
      const rule = routeIndex(req.method ?? "GET", path);
      if (rule < 0) {
        res.statusCode = 404;
        return res.end(JSON.stringify({ error: "not_found", message: "No such route." }));
      }
      const credential = parseCredential(authorization);
      if (!credential.ok) {
        if (credential.error.code === "missing") return challenge(res, rule);
        res.statusCode = 401;
        return res.end(JSON.stringify({ error: credential.error.code, message: credential.error.message }));
      }
      const inspected = verifier.inspect(credential.macaroons[0] as string);
      const rootKey = inspected.ok ? rootKeys.get(inspected.tokenId) : undefined;
      const result = rootKey
        ? verifier.verify(credential, rootKey, { service: "weather", method: req.method ?? "GET", path })
        : ({ ok: false, code: "bad_signature", message: "Unknown token." } as const);
      if (!result.ok) {
        if (result.code === "expired") return challenge(res, rule, "token_expired");
        res.statusCode = 401;
        res.setHeader("content-type", "application/json");
        return res.end(JSON.stringify({ error: result.code, message: result.message }));
      }
      if (ruleOf.get(result.tokenId) !== rule) return challenge(res, rule, "payment_required");
      const count = used.get(result.tokenId) ?? 0;
      if (options.neverAccept) return challenge(res, rule);
      if (count >= (result.calls ?? Number.POSITIVE_INFINITY)) return challenge(res, rule, "token_exhausted");
      used.set(result.tokenId, count + 1);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ ok: true, path, body: Buffer.concat(chunks).toString() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ledger,
    rekey: () => rootKeys.clear(),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A wallet that "pays" by reading the preimage from the server's ledger, and counts payments. */
export function testWallet(ledger: Map<string, string>, paymentHashOf: (invoice: string) => string) {
  const wallet: Wallet & { payments: number; fail?: boolean } = {
    payments: 0,
    async payInvoice(invoice: string) {
      if (wallet.fail) throw new Error("no route");
      wallet.payments++;
      const preimage = ledger.get(paymentHashOf(invoice));
      if (!preimage) throw new Error("unknown invoice");
      return { preimage };
    },
  };
  return wallet;
}
