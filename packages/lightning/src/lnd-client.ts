/// <reference path="./ln-service.d.ts" />
import { createHash } from "node:crypto";
import { type AuthenticatedLnd, authenticatedLndGrpc } from "ln-service";
import { LightningError, type NodeCredentials, type NodeDial } from "./backend";
import { pinnedLndGrpc } from "./pinned-lnd-grpc";

/**
 * One ln-service client per (socket, cert, macaroon): a gRPC channel is costly to open and
 * reconnects by itself, so every backend for the same node shares it.
 */
const clients = new Map<string, AuthenticatedLnd>();
const retired = new Set<AuthenticatedLnd>();
const RETIRE_AFTER_MS = 120_000;

/** Accepts LND's tls.cert as PEM text or as base64 of the PEM (the form ln-service wants). */
export function normalizeCert(cert: string | undefined): string | undefined {
  if (!cert) return undefined;
  const trimmed = cert.trim();
  return trimmed.startsWith("-----BEGIN") ? Buffer.from(trimmed).toString("base64") : trimmed;
}

const keys = new WeakMap<NodeCredentials, string>();

/**
 * The client cache's key. Memoised per credentials object: the gateway asks for the client on
 * every invoice, and hashing a ~1 KB certificate each time was pure repeat work.
 */
function cacheKey(creds: NodeCredentials): string {
  let key = keys.get(creds);
  if (key === undefined) {
    const cert = normalizeCert(creds.tlsCert);
    key = createHash("sha256")
      .update(`${creds.socket}\0${cert ?? ""}\0${(creds.macaroon ?? "").trim()}\0${creds.dialAddress ?? ""}`)
      .digest("hex");
    keys.set(creds, key);
  }
  return key;
}

export function lndFor(creds: NodeCredentials): AuthenticatedLnd {
  // A cached client was built from these exact credentials, checked then: the gateway asks on
  // every invoice, so only a miss pays for the checks below.
  const key = cacheKey(creds);
  const cached = clients.get(key);
  if (cached) return cached;
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
  let lnd: AuthenticatedLnd;
  try {
    // A socket that is already an IP literal has nothing to resolve (and TLS takes no IP as SNI).
    const pin =
      creds.dialAddress && creds.dialAddress.toLowerCase() !== splitSocket(creds.socket).host.toLowerCase()
        ? creds.dialAddress
        : null;
    lnd = pin
      ? pinnedLndGrpc({
          ...splitSocket(creds.socket),
          socket: creds.socket,
          address: pin,
          macaroon,
          cert,
        })
      : authenticatedLndGrpc({ socket: creds.socket, macaroon, ...(cert ? { cert } : {}) }).lnd;
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

function splitSocket(socket: string): { host: string; port: number } {
  const colon = socket.lastIndexOf(":");
  return { host: socket.slice(0, colon).replace(/^\[(.*)\]$/, "$1"), port: Number(socket.slice(colon + 1)) };
}

/**
 * The credentials to dial with: `creds` itself without a dial policy; else `creds` pinned to the
 * address `dial` checked. A refusal is a LightningError("forbidden_address") and dials nothing.
 */
export async function pinCredentials(
  creds: NodeCredentials,
  dial: NodeDial | undefined,
): Promise<NodeCredentials> {
  if (!dial) return creds;
  let address: string;
  try {
    address = await dial(creds.socket);
  } catch (err) {
    if (err instanceof LightningError) throw err;
    throw new LightningError(
      "forbidden_address",
      err instanceof Error ? err.message : "The node's address may not be dialled.",
      err,
    );
  }
  return { ...creds, dialAddress: address };
}

function closeClient(lnd: AuthenticatedLnd): void {
  for (const service of Object.values(lnd as unknown as Record<string, { close?: () => void }>)) {
    service?.close?.();
  }
}

/**
 * Drops the cached client after the node was unreachable. A gRPC channel that failed to connect
 * waits out an exponential backoff (up to minutes) before trying again; a fresh channel connects
 * at once, so a restarted node is usable on the next call.
 */
export function evictLnd(creds: NodeCredentials, stale: AuthenticatedLnd): void {
  const key = cacheKey(creds);
  if (clients.get(key) !== stale) return;
  clients.delete(key);
  // Other calls may still hold the old client; closing it under them would fail them, so it is
  // closed after they have had time to finish.
  retired.add(stale);
  setTimeout(() => {
    if (retired.delete(stale)) closeClient(stale);
  }, RETIRE_AFTER_MS).unref();
}

/**
 * ln-service calls still running, including those whose caller gave up (withTimeout): ln-service
 * retries some of them on its own timers (getInvoices uses async/retry), and a channel closed
 * under such a retry makes grpc-js throw "Channel has been shut down" from a timer, an uncaught
 * exception that would end the process.
 */
const running = new Set<Promise<unknown>>();

/**
 * Closes every cached gRPC channel, for shutdown and for tests that must leave no handles open,
 * once the calls still running on them have ended (at most `maxWaitMs`; with none running it
 * closes at once, before returning).
 */
export async function closeLndClients(maxWaitMs = 10_000): Promise<void> {
  const deadline = Date.now() + maxWaitMs;
  while (running.size > 0 && Date.now() < deadline) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...running]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, deadline - Date.now());
      }),
    ]);
    clearTimeout(timer);
  }
  for (const lnd of [...clients.values(), ...retired]) closeClient(lnd);
  clients.clear();
  retired.clear();
}

/** Settles with `work` or rejects after `ms`; `work` is tracked until it ends (closeLndClients). */
export function withTimeout<T>(work: Promise<T>, ms: number, action: string): Promise<T> {
  running.add(work);
  const forget = () => running.delete(work);
  work.then(forget, forget);
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
