/**
 * An LNbits-compatible API in front of the simnet's network, one LNbits wallet per node, so the
 * gateway's LNbits backend (and any LNbits client) runs against it:
 *   GET  /api/v1/wallet            {name, balance} ({id, …} too for the admin key), balance in msat
 *   POST /api/v1/payments          {out:false, amount, memo, expiry} → 201 invoice;
 *                                  {out:true, bolt11} (admin key) → pays from this wallet
 *   GET  /api/v1/payments/{hash}   {paid, status, preimage, details}
 *   GET  /api/v1/payments          the wallet's payments, newest first (limit, offset)
 *   WS   /api/v1/ws/{invoice key}  {wallet_balance, payment} as each incoming payment settles
 * Payments go through the same PaymentRouter as LND gRPC, so a payment from any simnet wallet
 * settles an invoice made here and the other way round. Keys go in X-Api-Key.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { readJson, sendJson } from "../json-http";
import type { Network } from "../network";
import type { PaymentRouter } from "../payments";
import { RpcError } from "../rpc-error";
import type { StoredInvoice, StoredNode } from "../state";
import { keyDigest, lnbitsKeysOf } from "./keys";
import { invoiceRecord, paymentRecord } from "./records";

const MAX_BODY = 64 * 1024;
const HASH = /^[0-9a-f]{64}$/;

export interface SimnetLnbitsServer {
  /** Listens (again) on the same port; the first call picks it. */
  start(): Promise<number>;
  /** Stops answering, dropping every connection and websocket, as if the instance went down. */
  stop(): Promise<void>;
  readonly port: number;
}

export function createLnbitsServer(
  network: Network,
  router: PaymentRouter,
  host: string,
  wantedPort: number,
): SimnetLnbitsServer {
  const byDigest = new Map<string, { node: StoredNode; admin: boolean }>();
  const wallet = (key: string | undefined): { node: StoredNode; admin: boolean } | undefined => {
    if (!key) return undefined;
    const digest = keyDigest(key.trim());
    let found = byDigest.get(digest);
    if (!found) {
      for (const node of network.store.nodes.values()) {
        const keys = lnbitsKeysOf(node);
        byDigest.set(keyDigest(keys.adminKey), { node, admin: true });
        byDigest.set(keyDigest(keys.invoiceKey), { node, admin: false });
      }
      found = byDigest.get(digest);
    }
    return found;
  };

  const wss = new WebSocketServer({ noServer: true });
  let server: Server | null = null;
  let port = wantedPort;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://lnbits");
    const path = url.pathname.replace(/\/+$/, "");
    const key = req.headers["x-api-key"];
    const w = wallet(Array.isArray(key) ? key[0] : key);
    if (!w) return sendJson(res, 401, { detail: "Invalid key." });
    const { node, admin } = w;

    if (req.method === "GET" && path === "/api/v1/wallet") {
      const balance = Number(node.balanceMsat);
      return sendJson(
        res,
        200,
        admin ? { id: lnbitsKeysOf(node).walletId, name: node.name, balance } : { name: node.name, balance },
      );
    }
    if (req.method === "POST" && path === "/api/v1/payments") {
      const body = (await readJson(req, MAX_BODY)) as Record<string, unknown> | undefined;
      if (!body || typeof body !== "object") return sendJson(res, 400, { detail: "Send a JSON body." });
      if (body.out === true) return pay(res, node, admin, body.bolt11);
      const amount = Number(body.amount);
      if (!Number.isSafeInteger(amount) || amount < 1)
        return sendJson(res, 400, { detail: "Amount must be a positive whole number of sats." });
      const expiry = body.expiry === undefined ? 3600 : Number(body.expiry);
      try {
        const invoice = network.addInvoice(node, {
          valueMsat: BigInt(amount) * 1000n,
          memo: typeof body.memo === "string" ? body.memo : "",
          expirySeconds: Number.isInteger(expiry) ? expiry : -1,
          cltvExpiry: 0,
        });
        await network.store.unwritten();
        return sendJson(res, 201, invoiceRecord(network, node, invoice));
      } catch (err) {
        return sendJson(res, 400, {
          detail: err instanceof RpcError ? err.message : "Cannot create the invoice.",
        });
      }
    }
    if (req.method === "GET" && path === "/api/v1/payments") {
      const limit = Math.min(Math.max(Number(url.searchParams.get("limit") ?? 100) || 100, 1), 1000);
      const offset = Math.max(Number(url.searchParams.get("offset") ?? 0) || 0, 0);
      const all = [
        ...node.invoices.map((i) => invoiceRecord(network, node, i)),
        ...node.payments.map((p) => paymentRecord(node, p)),
      ].sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
      return sendJson(res, 200, all.slice(offset, offset + limit));
    }
    const match = /^\/api\/v1\/payments\/([0-9a-fA-F]+)$/.exec(path);
    if (req.method === "GET" && match?.[1]) {
      const hash = match[1].toLowerCase();
      const invoice = HASH.test(hash) ? network.findInvoice(node, hash) : undefined;
      if (invoice) {
        const details = invoiceRecord(network, node, invoice);
        return sendJson(res, 200, {
          paid: details.status === "success",
          status: details.status,
          preimage: details.preimage,
          details,
        });
      }
      const payment = node.payments.findLast((p) => p.paymentHash === hash);
      if (payment) {
        const details = paymentRecord(node, payment);
        return sendJson(res, 200, {
          paid: details.status === "success",
          status: details.status,
          preimage: details.preimage,
          details,
        });
      }
      return sendJson(res, 404, { detail: "Payment does not exist." });
    }
    return sendJson(res, 404, { detail: "Not Found" });
  }

  async function pay(res: ServerResponse, node: StoredNode, admin: boolean, bolt11: unknown): Promise<void> {
    if (!admin) return sendJson(res, 401, { detail: "Invalid adminkey." });
    if (typeof bolt11 !== "string" || bolt11.trim() === "")
      return sendJson(res, 400, { detail: "Send the bolt11 to pay." });
    let outcome: { status: string; failureReason: string; paymentHash: string } | undefined;
    try {
      await router.send(node, { request: bolt11.trim(), amtMsat: 0n }, (u) => {
        if (u.status !== "IN_FLIGHT")
          outcome = {
            status: u.status,
            failureReason: u.payment.failureReason,
            paymentHash: u.payment.paymentHash,
          };
      });
    } catch (err) {
      return sendJson(res, 400, { detail: err instanceof RpcError ? err.message : "Payment failed." });
    }
    if (outcome?.status !== "SUCCEEDED") {
      const reason =
        outcome?.failureReason === "FAILURE_REASON_INSUFFICIENT_BALANCE"
          ? "Insufficient balance."
          : `Payment failed: ${outcome?.failureReason ?? "unknown"}`;
      return sendJson(res, 520, { detail: reason });
    }
    return sendJson(res, 201, { payment_hash: outcome.paymentHash, checking_id: outcome.paymentHash });
  }

  const onUpgrade = (req: IncomingMessage, socket: import("node:stream").Duplex, head: Buffer) => {
    const match = /^\/api\/v1\/ws\/([^/?]+)$/.exec(new URL(req.url ?? "/", "http://lnbits").pathname);
    const w = match?.[1] ? wallet(decodeURIComponent(match[1])) : undefined;
    if (!w) {
      socket.end("HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const events = network.events.get(w.node.name);
      const onInvoice = (invoice: StoredInvoice) => {
        if (invoice.state !== "SETTLED") return;
        // Like the gRPC stream: never announce a settlement a restart could lose.
        const announce = () => {
          if (ws.readyState !== ws.OPEN) return;
          ws.send(
            JSON.stringify({
              wallet_balance: Math.floor(Number(w.node.balanceMsat) / 1000),
              payment: invoiceRecord(network, w.node, invoice),
            }),
          );
        };
        const unwritten = network.store.unwritten();
        if (unwritten) unwritten.then(announce, () => ws.terminate());
        else announce();
      };
      events?.on("invoice", onInvoice);
      ws.on("close", () => events?.off("invoice", onInvoice));
      ws.on("error", () => ws.terminate());
    });
  };

  return {
    get port() {
      return port;
    },
    async start() {
      if (server) return port;
      const s = createServer((req, res) => {
        handle(req, res).catch(() => sendJson(res, 500, { detail: "The simnet LNbits API failed." }));
      });
      s.on("upgrade", onUpgrade);
      await new Promise<void>((ok, fail) => {
        s.once("error", fail);
        s.listen(port, host, () => {
          s.off("error", fail);
          ok();
        });
      });
      port = (s.address() as AddressInfo).port;
      server = s;
      return port;
    },
    async stop() {
      const s = server;
      server = null;
      if (!s) return;
      for (const ws of wss.clients) ws.terminate();
      s.closeAllConnections();
      await new Promise<void>((ok) => s.close(() => ok()));
    },
  };
}
