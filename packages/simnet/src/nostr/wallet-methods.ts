/** What each NIP-47 method does on a simnet node (the wallet service checks who may call it). */
import type { Network } from "../network";
import type { PaymentRouter, PaymentUpdate } from "../payments";
import type { StoredInvoice, StoredNode } from "../state";
import { incomingTransaction, listTransactions } from "./transactions";

export class NwcFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface MethodContext {
  network: Network;
  router: PaymentRouter;
  node: StoredNode;
  methods: string[];
  notifications: boolean;
}

export async function runMethod(
  ctx: MethodContext,
  method: string,
  params: Record<string, unknown>,
): Promise<unknown> {
  const { network, node } = ctx;
  switch (method) {
    case "get_info":
      return {
        alias: node.name,
        color: "#f7931a",
        pubkey: node.pubkey,
        network: "regtest",
        block_height: 0,
        block_hash: "",
        methods: ctx.methods,
        notifications: ctx.notifications ? ["payment_received"] : [],
      };
    case "get_balance":
      return { balance: Number(node.balanceMsat) };
    case "make_invoice": {
      const amount = params.amount;
      if (
        typeof amount !== "number" ||
        !Number.isSafeInteger(amount) ||
        amount < 1000 ||
        amount % 1000 !== 0
      ) {
        throw new NwcFailure("OTHER", "amount must be a whole number of sats in msats, at least 1000.");
      }
      const memo = typeof params.description === "string" ? params.description : "";
      const expiry = typeof params.expiry === "number" ? params.expiry : 3600;
      let invoice: StoredInvoice;
      try {
        invoice = network.addInvoice(node, {
          valueMsat: BigInt(amount),
          memo,
          expirySeconds: expiry,
          cltvExpiry: 0,
        });
      } catch (err) {
        throw new NwcFailure("OTHER", (err as Error).message);
      }
      await network.store.unwritten();
      return incomingTransaction(network, invoice);
    }
    case "lookup_invoice": {
      const hash = typeof params.payment_hash === "string" ? params.payment_hash.toLowerCase() : undefined;
      const found = hash
        ? network.findInvoice(node, hash)
        : node.invoices.find((i) => i.bolt11 === params.invoice);
      if (!found) throw new NwcFailure("NOT_FOUND", "No invoice with that payment hash.");
      return incomingTransaction(network, found);
    }
    case "list_transactions":
      return { transactions: listTransactions(network, node, params) };
    case "pay_invoice":
      return pay(ctx.router, node, params);
    default:
      throw new NwcFailure("NOT_IMPLEMENTED", `${method} is not implemented.`);
  }
}

async function pay(
  router: PaymentRouter,
  node: StoredNode,
  params: Record<string, unknown>,
): Promise<unknown> {
  if (typeof params.invoice !== "string") throw new NwcFailure("OTHER", "pay_invoice needs an invoice.");
  let final: PaymentUpdate | undefined;
  try {
    await router.send(
      node,
      { request: params.invoice, amtMsat: typeof params.amount === "number" ? BigInt(params.amount) : 0n },
      (update) => {
        if (update.status !== "IN_FLIGHT") final = update;
      },
    );
  } catch (err) {
    throw new NwcFailure("PAYMENT_FAILED", (err as Error).message);
  }
  if (final?.status !== "SUCCEEDED") {
    const reason = final?.payment.failureReason ?? "";
    throw new NwcFailure(
      reason === "FAILURE_REASON_INSUFFICIENT_BALANCE" ? "INSUFFICIENT_BALANCE" : "PAYMENT_FAILED",
      `The payment failed (${reason || "unknown"}).`,
    );
  }
  return { preimage: final.payment.preimage, fees_paid: Number(final.payment.feeMsat) };
}
