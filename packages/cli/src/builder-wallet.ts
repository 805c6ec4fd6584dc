import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  createLndBackend,
  createNwcBackend,
  type LightningBackend,
  LightningError,
  type NodeCredentials,
  parseNwcConnectionString,
} from "@tollbooth/lightning";
import { simnetAdmin } from "@tollbooth/simnet";

export interface BuilderWalletOptions {
  /** Simnet admin API; default TOLLBOOTH_SIMNET_ADMIN or the contract's DEFAULT_SIMNET_ADMIN_URL. */
  simnetAdminUrl?: string;
  /** Its bearer token; default TOLLBOOTH_SIMNET_ADMIN_TOKEN, else admin.token in SIMNET_DATA_DIR (.data/simnet). */
  simnetAdminToken?: string;
  /** A real LND node instead of the simnet builder (needs a macaroon with offchain:read/write). */
  lnd?: NodeCredentials;
  /**
   * An NWC connection string (nostr+walletconnect://…) to pay from; default TOLLBOOTH_NWC_URL.
   * It must allow pay_invoice (get_balance for `wallet balance`). Takes precedence over LND.
   */
  nwcUrl?: string;
  /** Highest routing fee accepted per payment. Default 10 sats. */
  maxFeeSats?: number;
}

/** The node credentials the wallet pays from: TOLLBOOTH_LND_* if set, else the simnet builder. */
export async function builderCredentials(opts: BuilderWalletOptions = {}): Promise<NodeCredentials> {
  if (opts.lnd) return opts.lnd;
  const socket = process.env.TOLLBOOTH_LND_SOCKET;
  const macaroon = process.env.TOLLBOOTH_LND_MACAROON;
  if (socket && macaroon) {
    const tlsCert = process.env.TOLLBOOTH_LND_CERT;
    return { socket, macaroon, ...(tlsCert ? { tlsCert } : {}) };
  }
  const builder = await simnetAdmin(
    opts.simnetAdminUrl,
    opts.simnetAdminToken ?? simnetAdminToken(),
  ).builder();
  return { socket: builder.socket, tlsCert: builder.tlsCert, macaroon: builder.adminMacaroon };
}

/**
 * A Wallet for l402-core's paying client (`{ payInvoice(bolt11) → { preimage } }`), paying from an
 * NWC wallet (TOLLBOOTH_NWC_URL), a configured LND, or else the simnet builder node, through
 * @tollbooth/lightning.
 */
export class BuilderWallet {
  private backend: Promise<LightningBackend> | undefined;

  constructor(private readonly opts: BuilderWalletOptions = {}) {}

  /** Throws (LightningError invalid_request) when TOLLBOOTH_NWC_URL is set but not a valid string. */
  checkConfig(): void {
    const nwcUrl = this.nwcUrl();
    if (!nwcUrl) return;
    try {
      parseNwcConnectionString(nwcUrl);
    } catch (err) {
      throw new LightningError("invalid_request", `TOLLBOOTH_NWC_URL: ${(err as Error).message}`);
    }
  }

  private nwcUrl(): string | undefined {
    return this.opts.nwcUrl ?? process.env.TOLLBOOTH_NWC_URL?.trim();
  }

  private node(): Promise<LightningBackend> {
    const nwcUrl = this.nwcUrl();
    this.backend ??= nwcUrl
      ? (async () => createNwcBackend(nwcUrl, { timeoutMs: 15_000 }))()
      : builderCredentials(this.opts).then((creds) => createLndBackend(creds));
    // A failed lookup (simnet not started yet) is not cached: the next call tries again.
    this.backend.catch(() => {
      this.backend = undefined;
    });
    return this.backend;
  }

  async payInvoice(bolt11: string): Promise<{ preimage: string; paymentHash: string; feeSats: number }> {
    const node = await this.node();
    return node.pay({ bolt11, maxFeeSats: this.opts.maxFeeSats ?? 10 });
  }

  async balance(): Promise<{ sats: number }> {
    const node = await this.node();
    if (!node.balance) throw new Error("this backend cannot report a balance");
    const { sats } = await node.balance();
    return { sats };
  }
}

export function createBuilderWallet(opts: BuilderWalletOptions = {}): BuilderWallet {
  return new BuilderWallet(opts);
}

/** The admin API of the local simnet (TOLLBOOTH_SIMNET_ADMIN, with the token found as below). */
export function localSimnetAdmin() {
  return simnetAdmin(undefined, simnetAdminToken());
}

/** The token a local `tollbooth simnet` / `npm start` uses, so the CLI works next to them without setup. */
function simnetAdminToken(): string | undefined {
  const configured = process.env.TOLLBOOTH_SIMNET_ADMIN_TOKEN?.trim();
  if (configured) return configured;
  const file = resolve(process.env.SIMNET_DATA_DIR ?? ".data/simnet", "admin.token");
  return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
}
