import { env } from "../env";
import { AppError } from "../errors";

/**
 * A small client for the simnet's loopback admin API (packages/simnet admin-server.ts). Written
 * here over HTTP rather than imported from @tollbooth/simnet, whose entry point also carries the
 * gRPC server and would be bundled into the web app.
 */
export interface SimnetNode {
  name: string;
  pubkey: string;
  socket: string;
  tlsCert: string;
  /** hex invoice-only macaroon. */
  macaroon: string;
  /** hex admin macaroon (can pay): only the builder wallet's is ever used here. */
  adminMacaroon: string;
}

async function call(method: "GET" | "POST", path: string, body?: unknown): Promise<SimnetNode> {
  const base = env().TOLLBOOTH_SIMNET_ADMIN.replace(/\/+$/, "");
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(10_000),
      cache: "no-store",
    });
  } catch {
    throw new AppError(
      "unavailable",
      "The simnet is not running here. Start it with `npm start` (or `tollbooth simnet`).",
    );
  }
  const json = (await res.json().catch(() => null)) as (SimnetNode & { message?: string }) | null;
  if (!res.ok || !json)
    throw new AppError("unavailable", json?.message ?? `The simnet answered ${res.status}.`);
  return json;
}

export const simnetAdmin = {
  /** Creates the provider node `name` on first use; returns its credentials either way. */
  createNode: (name: string) => call("POST", "/nodes", { name }),
  /** The funded builder wallet. */
  builder: () => call("GET", "/builder"),
};
