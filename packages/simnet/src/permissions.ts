import type { MacaroonOp } from "./macaroon-id";

/**
 * LND's permission model: each RPC needs every one of its `entity:action` pairs in the macaroon,
 * or a `uri` op naming the RPC itself. The table copies LND's for the RPCs the simnet implements.
 */
export const RPC_PERMISSIONS: Record<string, ReadonlyArray<readonly [string, string]>> = {
  "/lnrpc.Lightning/GetInfo": [["info", "read"]],
  "/lnrpc.Lightning/AddInvoice": [["invoices", "write"]],
  "/lnrpc.Lightning/LookupInvoice": [["invoices", "read"]],
  "/lnrpc.Lightning/ListInvoices": [["invoices", "read"]],
  "/lnrpc.Lightning/SubscribeInvoices": [["invoices", "read"]],
  "/lnrpc.Lightning/DecodePayReq": [["offchain", "read"]],
  "/lnrpc.Lightning/ChannelBalance": [["offchain", "read"]],
  "/lnrpc.Lightning/WalletBalance": [["onchain", "read"]],
  "/lnrpc.Lightning/ListPayments": [["offchain", "read"]],
  "/routerrpc.Router/SendPaymentV2": [["offchain", "write"]],
  "/routerrpc.Router/TrackPaymentV2": [["offchain", "read"]],
  "/invoicesrpc.Invoices/LookupInvoiceV2": [["invoices", "read"]],
};

const ENTITIES = [
  "address",
  "info",
  "invoices",
  "macaroon",
  "message",
  "offchain",
  "onchain",
  "peers",
  "signer",
];

/** admin.macaroon: everything. */
export const ADMIN_OPS: MacaroonOp[] = ENTITIES.map((entity) => ({
  entity,
  actions: entity === "macaroon" ? ["generate", "read", "write"] : ["read", "write"],
}));

/** invoice.macaroon as LND bakes it: create and read invoices, plus on-chain addresses. */
export const INVOICE_OPS: MacaroonOp[] = [
  { entity: "address", actions: ["read", "write"] },
  { entity: "invoices", actions: ["read", "write"] },
  { entity: "onchain", actions: ["read"] },
];

export const READONLY_OPS: MacaroonOp[] = ENTITIES.map((entity) => ({ entity, actions: ["read"] }));

export function isAllowed(ops: readonly MacaroonOp[], rpcPath: string): boolean {
  const needed = RPC_PERMISSIONS[rpcPath];
  if (!needed) return false;
  if (ops.some((op) => op.entity === "uri" && op.actions.includes(rpcPath))) return true;
  return needed.every(([entity, action]) =>
    ops.some((op) => op.entity === entity && op.actions.includes(action)),
  );
}
