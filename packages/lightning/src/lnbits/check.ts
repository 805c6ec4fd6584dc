/**
 * Connection test for an LNbits wallet: the key is accepted (GET /api/v1/wallet), what it allows
 * (LNbits shows the wallet id only to the admin key: an admin key can spend), and that it can make
 * an invoice — a 1-sat invoice that expires in a minute and is never paid, which also tells the
 * network from its BOLT11 prefix (LNbits reports none).
 */
import { LightningError, type NodeDial } from "../backend";
import type { WalletCheck } from "../wallet-check";
import { type LnbitsCredentials, LnbitsHttp, statusError } from "./http";
import { isAdminKeyReply, requestLnbitsInvoice } from "./wallet-api";

export const LNBITS_INVOICE_KEY_HINT =
  "Use the wallet's Invoice/read key (LNbits: the wallet → API info → Invoice/read key), never the Admin key.";

export async function checkLnbitsConnection(
  creds: LnbitsCredentials,
  opts: { timeoutMs?: number; dial?: NodeDial } = {},
): Promise<WalletCheck> {
  const http = new LnbitsHttp(creds, opts.timeoutMs ?? 10_000, opts.dial);
  const started = performance.now();
  const reply = await http.call("GET", "/api/v1/wallet", "read the wallet");
  if (reply.status !== 200) {
    const err = statusError(reply, "read the wallet");
    if (err.code === "invoice_not_found") {
      throw new LightningError(
        "node_error",
        "That URL does not answer like an LNbits instance (no /api/v1/wallet).",
      );
    }
    throw err;
  }
  const latencyMs = Math.round(performance.now() - started);
  const wallet = reply.body as { id?: unknown; name?: unknown; balance?: unknown } | null;
  if (!wallet || typeof wallet !== "object" || !("balance" in wallet)) {
    throw new LightningError(
      "node_error",
      "That URL does not answer like an LNbits instance (no wallet in the reply).",
    );
  }
  const admin = isAdminKeyReply(wallet);
  const { decoded } = await requestLnbitsInvoice(http, {
    amountSats: 1,
    memo: "Tollbooth connection test (never paid)",
    expirySeconds: 60,
  });
  return {
    alias: typeof wallet.name === "string" ? wallet.name : null,
    network: decoded.network,
    capabilities: admin ? ["invoice", "admin"] : ["invoice"],
    canSpend: admin,
    latencyMs,
  };
}
