import { DEFAULT_SIMNET_ADMIN_URL } from "@tollbooth/contract/defaults";
import type { SimnetNodeCredentials } from "./credentials";
import type { SimnetLnbitsWallet } from "./lnbits/keys";
import type { SimnetNwcCredentials } from "./nostr/wallet-service";

export type { SimnetLnbitsWallet, SimnetNodeCredentials, SimnetNwcCredentials };

export const DEFAULT_ADMIN_URL = DEFAULT_SIMNET_ADMIN_URL;

export class SimnetUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = "SimnetUnavailableError";
  }
}

/**
 * Client for the simnet's loopback admin API (see admin-server.ts). Importable alone as
 * `@tollbooth/simnet/client`, which pulls in no gRPC server code (for bundled apps).
 */
export function simnetAdmin(
  adminUrl: string = process.env.TOLLBOOTH_SIMNET_ADMIN ?? DEFAULT_ADMIN_URL,
  /** The admin API's bearer token (RunningSimnet.adminToken); default TOLLBOOTH_SIMNET_ADMIN_TOKEN. */
  token: string | undefined = process.env.TOLLBOOTH_SIMNET_ADMIN_TOKEN,
) {
  const base = adminUrl.replace(/\/+$/, "");
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token.trim()}` } : {};

  async function call<T = SimnetNodeCredentials>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response | undefined;
    // Two tries: a kept-alive connection to a simnet that has since restarted fails once.
    for (let attempt = 0; !res; attempt++) {
      try {
        res = await fetch(`${base}${path}`, {
          method,
          headers: body ? { ...auth, "content-type": "application/json" } : auth,
          body: body ? JSON.stringify(body) : null,
          signal: AbortSignal.timeout(10_000),
        });
      } catch (err) {
        if (attempt > 0) {
          throw new SimnetUnavailableError(
            `The simnet admin API at ${base} is not reachable; start it with \`tollbooth simnet\` (or \`npm start\`).`,
            err,
          );
        }
      }
    }
    const json = (await res.json().catch(() => undefined)) as { message?: string } | undefined;
    if (!res.ok) throw new Error(json?.message ?? `simnet admin API answered ${res.status}`);
    return json as T;
  }

  return {
    /** Creates the provider node `name` on first use; returns its credentials either way. */
    createNode: (name: string) => call("POST", "/nodes", { name }),
    getNode: (name: string) => call("GET", `/nodes/${encodeURIComponent(name)}`),
    builder: () => call("GET", "/builder"),
    /** An NWC connection string for `node`'s wallet (default the builder's, which can pay). */
    nwc: (options: { node?: string; receiveOnly?: boolean } = {}) =>
      call<SimnetNwcCredentials>("POST", "/nwc", options),
    /** The node's LNbits wallet on the simnet's LNbits API (the builder's too: "builder"). */
    lnbits: (name: string) => call<SimnetLnbitsWallet>("GET", `/nodes/${encodeURIComponent(name)}/lnbits`),
  };
}
