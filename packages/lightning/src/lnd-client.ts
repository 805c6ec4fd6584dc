import { createHash } from "node:crypto";
import { type AuthenticatedLnd, authenticatedLndGrpc } from "ln-service";
import { LightningError, type NodeCredentials } from "./backend";

/**
 * One ln-service client per (socket, cert, macaroon): a gRPC channel is costly to open and
 * reconnects by itself, so every backend for the same node shares it.
 */
const clients = new Map<string, AuthenticatedLnd>();

/** Accepts LND's tls.cert as PEM text or as base64 of the PEM (the form ln-service wants). */
export function normalizeCert(cert: string | undefined): string | undefined {
  if (!cert) return undefined;
  const trimmed = cert.trim();
  return trimmed.startsWith("-----BEGIN") ? Buffer.from(trimmed).toString("base64") : trimmed;
}

export function lndFor(creds: NodeCredentials): AuthenticatedLnd {
  if (!/^[^\s:]+:\d{1,5}$|^\[[0-9a-f:]+\]:\d{1,5}$/i.test(creds.socket ?? "")) {
    throw new LightningError(
      "invalid_request",
      "The node socket must be host:port, for example 127.0.0.1:10009.",
    );
  }
  const macaroon = (creds.macaroon ?? "").trim();
  if (!macaroon || !/^[0-9a-f]+$|^[A-Za-z0-9+/_-]+=*$/i.test(macaroon)) {
    throw new LightningError("invalid_request", "The macaroon must be hex or base64.");
  }
  const cert = normalizeCert(creds.tlsCert);
  const key = createHash("sha256")
    .update(`${creds.socket}\0${cert ?? ""}\0${macaroon}`)
    .digest("hex");
  const cached = clients.get(key);
  if (cached) return cached;
  let lnd: AuthenticatedLnd;
  try {
    lnd = authenticatedLndGrpc({ socket: creds.socket, macaroon, ...(cert ? { cert } : {}) }).lnd;
  } catch (err) {
    throw new LightningError(
      "invalid_request",
      "The node credentials could not be used (bad certificate or macaroon).",
      err,
    );
  }
  clients.set(key, lnd);
  return lnd;
}

/** Closes every cached gRPC channel: for shutdown and for tests that must leave no handles open. */
export function closeLndClients(): void {
  for (const lnd of clients.values()) {
    for (const service of Object.values(lnd as unknown as Record<string, { close?: () => void }>)) {
      service?.close?.();
    }
  }
  clients.clear();
}

export function withTimeout<T>(work: Promise<T>, ms: number, action: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new LightningError("timeout", `Could not ${action}: the node did not answer within ${ms} ms.`),
        ),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
