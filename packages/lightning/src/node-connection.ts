/// <reference path="./ln-service.d.ts" />
import { getInvoices } from "ln-service";
import { LightningError, type NodeCredentials, type NodeDial } from "./backend";
import { lndFor, pinCredentials, withTimeout } from "./lnd-client";
import { toLightningError } from "./lnd-errors";
import { type MacaroonPermission, macaroonPermissions } from "./macaroon-permissions";

export const BAKE_INVOICE_MACAROON_HINT =
  "Bake an invoice-only macaroon with `lncli bakemacaroon invoices:read invoices:write` " +
  "(or use LND's invoice.macaroon) and connect with that one.";

// Writes that are harmless for a provider: making invoices and fallback addresses.
const HARMLESS_WRITES = new Set(["invoices", "address"]);
const INVOICE_URIS = new Set([
  "/lnrpc.Lightning/AddInvoice",
  "/lnrpc.Lightning/LookupInvoice",
  "/lnrpc.Lightning/ListInvoices",
  "/lnrpc.Lightning/SubscribeInvoices",
  "/invoicesrpc.Invoices/LookupInvoiceV2",
]);

export interface NodeConnectionReport {
  permissions: string[];
  latencyMs: number;
}

function grants(perms: MacaroonPermission[], entity: string, action: string, uri: string): boolean {
  return perms.some(
    (p) => (p.entity === entity && p.action === action) || (p.entity === "uri" && p.action === uri),
  );
}

/**
 * Least privilege at connect time. Offline, from the macaroon itself: refuse anything that could
 * move funds or manage the node (code admin_macaroon), and require invoices:read + invoices:write.
 * Then online: one invoices:read call proves the socket, the TLS certificate and that this very
 * node accepts the macaroon. (getWalletInfo would need info:read, which an invoice macaroon lacks.)
 * With `dial`, the socket is resolved and checked once and that address is dialled (see NodeDial):
 * a refused address is a LightningError("forbidden_address") and nothing is dialled.
 */
export async function checkNodeConnection(
  creds: NodeCredentials,
  opts: { timeoutMs?: number; dial?: NodeDial } = {},
): Promise<NodeConnectionReport> {
  let perms: MacaroonPermission[];
  try {
    perms = macaroonPermissions(creds.macaroon ?? "");
  } catch {
    throw new LightningError(
      "invalid_request",
      "That is not an LND macaroon (expected hex or base64 of the file).",
    );
  }
  const risky = perms.filter(
    (p) =>
      (p.entity === "uri" && !INVOICE_URIS.has(p.action)) ||
      (p.entity !== "uri" && p.action !== "read" && !HARMLESS_WRITES.has(p.entity)),
  );
  if (risky.length > 0) {
    const names = [...new Set(risky.map((p) => `${p.entity}:${p.action}`))].slice(0, 4).join(", ");
    throw new LightningError(
      "admin_macaroon",
      `This macaroon can do far more than Tollbooth needs (${names}…): an admin-level macaroon could spend your funds. ${BAKE_INVOICE_MACAROON_HINT}`,
    );
  }
  const missing = [
    grants(perms, "invoices", "write", "/lnrpc.Lightning/AddInvoice") ? undefined : "invoices:write",
    grants(perms, "invoices", "read", "/lnrpc.Lightning/LookupInvoice") ? undefined : "invoices:read",
  ].filter((m): m is string => m !== undefined);
  if (missing.length > 0) {
    throw new LightningError(
      "permission_denied",
      `This macaroon cannot ${missing.includes("invoices:write") ? "create" : "read"} invoices (missing ${missing.join(", ")}). ${BAKE_INVOICE_MACAROON_HINT}`,
    );
  }
  const pinned = await pinCredentials(creds, opts.dial);
  const started = performance.now();
  try {
    await withTimeout(
      getInvoices({ lnd: lndFor(pinned), limit: 1 }),
      opts.timeoutMs ?? 10_000,
      "read invoices",
    );
  } catch (err) {
    throw toLightningError(err, "read invoices from the node");
  }
  return {
    permissions: perms.map((p) => `${p.entity}:${p.action}`),
    latencyMs: Math.round(performance.now() - started),
  };
}
