import type { DecodedInvoice } from "./invoice-codec";
import { channelIdFor, randomAttemptId } from "./payments";
import type { InvoiceStateName, StoredInvoice, StoredNode, StoredPayment } from "./state";

/**
 * StoredX → the LND protobuf message objects (proto-loader shape: snake_case, int64 as strings,
 * bytes as Buffers, enums by name). Fields ln-service validates are always present.
 */

const FEATURES = {
  8: { name: "tlv-onion", is_required: true, is_known: true },
  14: { name: "payment-addr", is_required: true, is_known: true },
  17: { name: "multi-path-payments", is_required: false, is_known: true },
};

const hex = (s: string) => Buffer.from(s, "hex");
const sats = (msat: string | bigint) => (BigInt(msat) / 1000n).toString();
const CHANNEL_CAPACITY = "16777215";
const BLOCK_INTERVAL_MS = 600_000;

/** A chain height that moves with the clock, so CLTV arithmetic in clients stays plausible. */
export function blockHeight(): number {
  return 1000 + Math.floor((Date.now() - Date.UTC(2026, 0, 1)) / BLOCK_INTERVAL_MS);
}

export function invoiceMessage(node: StoredNode, inv: StoredInvoice, state: InvoiceStateName) {
  const settled = state === "SETTLED";
  const htlcs = settled
    ? [
        {
          chan_id: channelIdFor(node.pubkey),
          htlc_index: String(inv.settleIndex),
          amt_msat: inv.amtPaidMsat,
          accept_height: blockHeight(),
          accept_time: String(inv.settledAt),
          resolve_time: String(inv.settledAt),
          expiry_height: blockHeight() + inv.cltvExpiry,
          state: "SETTLED",
          custom_records: {},
          mpp_total_amt_msat: inv.amtPaidMsat,
        },
      ]
    : [];
  return {
    memo: inv.memo,
    r_preimage: hex(inv.preimage),
    r_hash: hex(inv.paymentHash),
    value: sats(inv.valueMsat),
    value_msat: inv.valueMsat,
    settled,
    creation_date: String(inv.createdAt),
    settle_date: String(inv.settledAt),
    payment_request: inv.bolt11,
    description_hash: Buffer.alloc(0),
    expiry: String(inv.expirySeconds),
    fallback_addr: "",
    cltv_expiry: String(inv.cltvExpiry),
    route_hints: [],
    private: false,
    add_index: String(inv.addIndex),
    settle_index: String(inv.settleIndex),
    amt_paid: inv.amtPaidMsat,
    amt_paid_sat: sats(inv.amtPaidMsat),
    amt_paid_msat: inv.amtPaidMsat,
    state,
    htlcs,
    features: FEATURES,
    is_keysend: false,
    payment_addr: hex(inv.paymentAddr),
    is_amp: false,
  };
}

export function paymentMessage(p: StoredPayment, status: "IN_FLIGHT" | "SUCCEEDED" | "FAILED") {
  const route = {
    total_time_lock: blockHeight() + 80,
    total_fees: "0",
    total_amt: sats(p.valueMsat),
    hops: [
      {
        chan_id: channelIdFor(p.destination),
        chan_capacity: CHANNEL_CAPACITY,
        amt_to_forward: sats(p.valueMsat),
        fee: "0",
        expiry: blockHeight() + 80,
        amt_to_forward_msat: p.valueMsat,
        fee_msat: "0",
        pub_key: p.destination,
        tlv_payload: true,
        custom_records: {},
      },
    ],
    total_fees_msat: "0",
    total_amt_msat: p.valueMsat,
  };
  const htlcs =
    status === "FAILED"
      ? []
      : [
          {
            attempt_id: randomAttemptId(),
            status,
            route,
            attempt_time_ns: p.createdAtNs,
            resolve_time_ns: status === "SUCCEEDED" ? p.resolvedAtNs : "0",
            preimage: status === "SUCCEEDED" ? hex(p.preimage) : Buffer.alloc(0),
          },
        ];
  return {
    payment_hash: p.paymentHash,
    value: sats(p.valueMsat),
    creation_date: String(BigInt(p.createdAtNs) / 1_000_000_000n),
    fee: "0",
    payment_preimage: status === "SUCCEEDED" ? p.preimage : "0".repeat(64),
    value_sat: sats(p.valueMsat),
    value_msat: p.valueMsat,
    payment_request: p.bolt11,
    status,
    fee_sat: "0",
    fee_msat: "0",
    creation_time_ns: p.createdAtNs,
    htlcs,
    payment_index: String(p.paymentIndex),
    failure_reason: status === "FAILED" ? p.failureReason : "FAILURE_REASON_NONE",
  };
}

export function infoMessage(node: StoredNode) {
  return {
    version: "0.18.5-beta simnet",
    commit_hash: "tollbooth-simnet",
    identity_pubkey: node.pubkey,
    alias: node.name,
    color: "#f7931a",
    num_pending_channels: 0,
    num_active_channels: 1,
    num_inactive_channels: 0,
    num_peers: 1,
    block_height: blockHeight(),
    block_hash: Buffer.alloc(32, blockHeight() % 256).toString("hex"),
    best_header_timestamp: String(Math.floor(Date.now() / 1000)),
    synced_to_chain: true,
    synced_to_graph: true,
    testnet: false,
    chains: [{ chain: "bitcoin", network: "regtest" }],
    uris: [],
    features: FEATURES,
    require_htlc_interceptor: false,
    store_final_htlc_resolutions: false,
  };
}

export function channelBalanceMessage(node: StoredNode) {
  const zero = { sat: "0", msat: "0" };
  return {
    balance: sats(node.balanceMsat),
    pending_open_balance: "0",
    local_balance: { sat: sats(node.balanceMsat), msat: node.balanceMsat },
    remote_balance: zero,
    unsettled_local_balance: zero,
    unsettled_remote_balance: zero,
    pending_open_local_balance: zero,
    pending_open_remote_balance: zero,
  };
}

export function payReqMessage(d: DecodedInvoice) {
  return {
    destination: d.destination,
    payment_hash: d.paymentHash,
    num_satoshis: sats(d.valueMsat),
    timestamp: String(d.createdAt),
    expiry: String(d.expirySeconds),
    description: d.memo,
    description_hash: "",
    fallback_addr: "",
    cltv_expiry: String(d.cltvExpiry),
    route_hints: [],
    payment_addr: d.paymentAddr ? hex(d.paymentAddr) : Buffer.alloc(0),
    num_msat: d.valueMsat.toString(),
    features: FEATURES,
  };
}
