import {
  type SimnetLnbitsWallet,
  type SimnetNodeCredentials,
  simnetAdmin as simnetAdminClient,
} from "@tollbooth/simnet/client";
import { env } from "../env";
import { AppError } from "../errors";

/**
 * The simnet's loopback admin API (bearer token TOLLBOOTH_SIMNET_ADMIN_TOKEN), through @tollbooth/simnet's `/client` entry (which carries no
 * gRPC server code into the Next bundle). Failures become the web app's plain-words AppError.
 */
export type SimnetNode = SimnetNodeCredentials;

async function call<T = SimnetNode>(fn: (client: ReturnType<typeof simnetAdminClient>) => Promise<T>) {
  try {
    return await fn(simnetAdminClient(env().TOLLBOOTH_SIMNET_ADMIN, env().TOLLBOOTH_SIMNET_ADMIN_TOKEN));
  } catch (err) {
    const detail = err instanceof Error ? ` (${err.message})` : "";
    throw new AppError(
      "unavailable",
      `The simnet is not answering here. Start it with \`npm start\` (or \`tollbooth simnet\`).${detail}`,
    );
  }
}

export const simnetAdmin = {
  /** Creates the provider node `name` on first use; returns its credentials either way. */
  createNode: (name: string) => call((client) => client.createNode(name)),
  /** The funded builder wallet. */
  builder: () => call((client) => client.builder()),
  /** A receive-only NWC connection string for the node (no pay_invoice: what a provider connects). */
  receiveOnlyNwc: (node: string) => call((client) => client.nwc({ node, receiveOnly: true })),
  /** The node's wallet on the simnet's LNbits API (url, invoice key, admin key). */
  lnbits: (name: string) => call<SimnetLnbitsWallet>((client) => client.lnbits(name)),
};
