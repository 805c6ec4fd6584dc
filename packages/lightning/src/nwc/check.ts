import { LightningError, type NodeDial } from "../backend";
import type { WalletCheck } from "../wallet-check";
import { parseNwcConnectionString } from "./connection-string";
import { NwcSession } from "./nwc-session";

/** Methods that move money out of the wallet: a receiving credential must have none of them. */
export const NWC_SPENDING_METHODS = ["pay_invoice", "multi_pay_invoice", "pay_keysend", "multi_pay_keysend"];
/** What the gateway needs from a provider's connection. */
export const NWC_REQUIRED_METHODS = ["make_invoice", "lookup_invoice"];

/**
 * Tests an NWC connection string the way the gateway will use it: the wallet's info event on the
 * relay, then get_info when allowed. Throws LightningError when it cannot receive payments.
 */
export async function checkNwcConnection(
  connectionString: string,
  opts: { timeoutMs?: number; dial?: NodeDial } = {},
): Promise<WalletCheck> {
  const connection = parseNwcConnectionString(connectionString);
  const started = performance.now();
  const session = new NwcSession(connection, {
    timeoutMs: opts.timeoutMs ?? 10_000,
    reconnectMinMs: 250,
    reconnectMaxMs: 5_000,
    ...(opts.dial ? { dial: opts.dial } : {}),
  });
  try {
    const info = await session.walletInfo();
    const missing = NWC_REQUIRED_METHODS.filter((m) => !info.methods.includes(m));
    if (missing.length > 0) {
      throw new LightningError(
        "permission_denied",
        `This NWC connection does not allow ${missing.join(" and ")}; create one with make_invoice and lookup_invoice.`,
      );
    }
    let alias: string | null = null;
    let network: string | null = null;
    if (info.methods.includes("get_info")) {
      const got = await session.request<{ alias?: unknown; network?: unknown }>("get_info", {});
      alias = typeof got.alias === "string" ? got.alias : null;
      network = typeof got.network === "string" ? got.network : null;
    } else {
      // No get_info: prove the wallet answers at all before calling the connection good.
      await session
        .request("lookup_invoice", { payment_hash: "0".repeat(64) })
        .catch((err: LightningError) => {
          if (err.code !== "invoice_not_found") throw err;
        });
    }
    const capabilities = [
      ...info.methods,
      ...info.notifications.map((n) => `notifications:${n}`),
      `encryption:${info.encryption}`,
    ];
    return {
      alias,
      network,
      capabilities,
      canSpend: info.methods.some((m) => NWC_SPENDING_METHODS.includes(m)),
      latencyMs: Math.round(performance.now() - started),
    };
  } finally {
    session.close();
  }
}
