import { randomBytes } from "node:crypto";
import { status } from "@grpc/grpc-js";
import { decodeInvoice } from "./invoice-codec";
import type { Network } from "./network";
import { RpcError } from "./rpc-error";
import { SimnetStore, type StoredInvoice, type StoredNode, type StoredPayment } from "./state";

export interface PaymentConditions {
  /** Delay before a payment resolves, to exercise in-flight handling. */
  latencyMs: number;
  /** Probability in [0, 1] that a payment fails with no route. */
  failureRate: number;
}

export interface PaymentAttempt {
  request: string;
  /** Only for zero-amount invoices, as in LND. */
  amtMsat: bigint;
}

export type PaymentUpdate =
  | { status: "IN_FLIGHT"; payment: StoredPayment }
  | { status: "SUCCEEDED" | "FAILED"; payment: StoredPayment };

const nowNs = () => (BigInt(Date.now()) * 1_000_000n).toString();

/**
 * A payment from one virtual node to another: checks it the way LND's router does before sending
 * (network, expiry, amount, duplicate), then after the configured latency either fails with an LND
 * failure reason or moves the balance and settles the invoice in one persisted step.
 */
export class PaymentRouter {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly network: Network,
    readonly conditions: PaymentConditions,
  ) {}

  async send(
    payer: StoredNode,
    attempt: PaymentAttempt,
    onUpdate: (u: PaymentUpdate) => void,
  ): Promise<void> {
    let invoice: ReturnType<typeof decodeInvoice>;
    try {
      invoice = decodeInvoice(attempt.request);
    } catch (err) {
      throw new RpcError(status.INVALID_ARGUMENT, `invalid payment request: ${(err as Error).message}`);
    }
    const nowS = Date.now() / 1000;
    if (nowS >= invoice.createdAt + invoice.expirySeconds) {
      const validUntil = new Date((invoice.createdAt + invoice.expirySeconds) * 1000).toISOString();
      throw new RpcError(status.UNKNOWN, `invoice expired. Valid until ${validUntil}`);
    }
    if (invoice.valueMsat > 0n && attempt.amtMsat > 0n) {
      throw new RpcError(
        status.UNKNOWN,
        "amount must not be specified when paying a non-zero amount invoice",
      );
    }
    if (invoice.valueMsat === 0n && attempt.amtMsat === 0n) {
      throw new RpcError(status.UNKNOWN, "amount must be specified when paying a zero amount invoice");
    }
    const key = `${payer.name}:${invoice.paymentHash}`;
    if (payer.payments.some((p) => p.paymentHash === invoice.paymentHash && p.status === "SUCCEEDED")) {
      throw new RpcError(status.ALREADY_EXISTS, "invoice is already paid");
    }
    if (this.inFlight.has(key)) throw new RpcError(status.ALREADY_EXISTS, "payment is in transition");

    const amountMsat = invoice.valueMsat > 0n ? invoice.valueMsat : attempt.amtMsat;
    const payment: StoredPayment = {
      paymentHash: invoice.paymentHash,
      bolt11: attempt.request,
      destination: invoice.destination,
      valueMsat: amountMsat.toString(),
      feeMsat: "0",
      preimage: "",
      createdAtNs: nowNs(),
      resolvedAtNs: "0",
      status: "FAILED",
      failureReason: "FAILURE_REASON_NONE",
      paymentIndex: 0,
    };
    this.inFlight.add(key);
    try {
      onUpdate({ status: "IN_FLIGHT", payment });
      if (this.conditions.latencyMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, this.conditions.latencyMs));
      }
      const settled = this.resolve(payer, payment, invoice.paymentAddr);
      // Invoice streams hold the settle message until it is written; the payer waits here.
      if (settled) this.network.events.get(settled.payee.name)?.emit("invoice", settled.invoice);
      await this.network.store.unwritten();
    } finally {
      this.inFlight.delete(key);
    }
    onUpdate({ status: payment.status, payment });
  }

  /** Decides and applies the outcome in memory and queues its write; returns what got settled. */
  private resolve(
    payer: StoredNode,
    payment: StoredPayment,
    paymentAddr: string,
  ): { payee: StoredNode; invoice: StoredInvoice } | undefined {
    const payee = this.network.nodeByPubkey(payment.destination);
    const amount = BigInt(payment.valueMsat);
    const target = payee ? this.network.findInvoice(payee, payment.paymentHash) : undefined;
    let failure = "";
    if (!payee || payee === payer || Math.random() < this.conditions.failureRate) {
      failure = "FAILURE_REASON_NO_ROUTE";
    } else if (BigInt(payer.balanceMsat) < amount) {
      failure = "FAILURE_REASON_INSUFFICIENT_BALANCE";
    } else if (
      !target ||
      this.network.currentState(target) !== "OPEN" ||
      target.paymentAddr !== paymentAddr ||
      amount < BigInt(target.valueMsat)
    ) {
      // The payee refuses the HTLC: unknown, settled, canceled/expired invoice or underpayment.
      failure = "FAILURE_REASON_INCORRECT_PAYMENT_DETAILS";
    }

    payment.resolvedAtNs = nowNs();
    payment.paymentIndex = payer.paymentIndex + 1;
    payer.paymentIndex = payment.paymentIndex;
    if (failure || !payee || !target) {
      payment.status = "FAILED";
      payment.failureReason = failure;
      payer.payments.push(payment);
      void this.network.store.commit([
        SimnetStore.nodeRecord(payer),
        { t: "payment", node: payer.name, payment },
      ]);
      return undefined;
    }
    payer.balanceMsat = (BigInt(payer.balanceMsat) - amount).toString();
    payee.balanceMsat = (BigInt(payee.balanceMsat) + amount).toString();
    this.network.settle(payee, target, amount);
    payment.status = "SUCCEEDED";
    payment.preimage = target.preimage;
    payer.payments.push(payment);
    // One append for the whole move, so a crash cannot leave half a payment behind.
    void this.network.store.commit([
      SimnetStore.nodeRecord(payer),
      SimnetStore.nodeRecord(payee),
      { t: "invoice", node: payee.name, invoice: target },
      { t: "payment", node: payer.name, payment },
    ]);
    return { payee, invoice: target };
  }
}

/** A fake short channel id per node pair, stable within a payment's route. */
export function channelIdFor(pubkey: string): string {
  return BigInt(`0x${pubkey.slice(2, 14)}`).toString();
}

export const randomAttemptId = () => BigInt(`0x${randomBytes(6).toString("hex")}`).toString();
