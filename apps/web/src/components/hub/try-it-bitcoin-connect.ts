/**
 * Try it's third way to pay: Bitcoin Connect (`@getalby/bitcoin-connect`), whose modal connects a
 * wallet the visitor already has — a Nostr Wallet Connect string, Alby Hub, LNbits, … — and hands
 * back a WebLN provider, which then pays through the same path as a browser extension
 * (`payFrom`). The library (web components, nostr-tools, …) is loaded with a dynamic `import()`
 * only when the visitor asks for it or connected a wallet with it before, so it stays out of the
 * hub's first-load bundle and is never evaluated on the server.
 */
import { useEffect, useState } from "react";
import { type Paid, payFrom, type WebLN } from "./try-it-api";

type BitcoinConnect = typeof import("@getalby/bitcoin-connect");
/** What the provider Bitcoin Connect returns is used for (its types come from a package it does not install). */
interface ConnectedWallet extends WebLN {
  getInfo(): Promise<{ node?: { alias?: string } }>;
}

/** Where Bitcoin Connect keeps the wallet it connected (its own key, read to know whether to load it). */
const SAVED_CONNECTION_KEY = "bc:config";

let loading: Promise<BitcoinConnect> | undefined;
let loaded: BitcoinConnect | undefined;
const onLoad = new Set<(bc: BitcoinConnect) => void>();

function load(): Promise<BitcoinConnect> {
  loading ??= import("@getalby/bitcoin-connect").then((bc) => {
    bc.init({
      appName: "Tollbooth",
      // No balance: it would fetch exchange rates from a third party, and the page has no use for it.
      showBalance: false,
      // Only our button connects: a link to the hub with #?nwc=… must not connect a wallet by itself.
      autoConnect: false,
    });
    loaded = bc;
    for (const f of onLoad) f(bc);
    return bc;
  });
  loading.catch(() => {
    loading = undefined; // a failed chunk load (offline) is not cached: the next click tries again
  });
  return loading;
}

function savedConnection(): boolean {
  try {
    return globalThis.localStorage?.getItem(SAVED_CONNECTION_KEY) != null;
  } catch {
    return false; // storage blocked
  }
}

/** The wallet connected through Bitcoin Connect, by name ("builder (NWC)"); null when none is. */
export function useBitcoinConnectWallet(): { wallet: string | null; disconnect: () => void } {
  const [wallet, setWallet] = useState<string | null>(null);
  useEffect(() => {
    let gone = false;
    const stop: (() => void)[] = [];
    const follow = (bc: BitcoinConnect) => {
      if (gone) return;
      stop.push(
        bc.onConnected(async (provider: ConnectedWallet) => {
          const kind = bc.getConnectorConfig()?.connectorName ?? "your wallet";
          const info = await provider.getInfo().catch(() => null);
          const alias = info?.node?.alias?.trim();
          if (!gone) setWallet(alias && alias !== kind ? `${alias} (${kind})` : kind);
        }),
        bc.onDisconnected(() => setWallet(null)),
      );
    };
    // Loaded at once only when a wallet was connected before (it reconnects on load); otherwise
    // on the first click (`payWithBitcoinConnect`), and followed from then on.
    if (loaded) follow(loaded);
    else {
      onLoad.add(follow);
      if (savedConnection()) load().catch(() => {});
    }
    return () => {
      gone = true;
      onLoad.delete(follow);
      for (const s of stop) s();
    };
  }, []);
  return {
    wallet,
    disconnect: () => {
      loaded?.disconnect();
      setWallet(null);
    },
  };
}

/**
 * Pays the invoice from the wallet connected through Bitcoin Connect, opening its modal first when
 * none is. Throws an Error whose message tells the visitor what happened.
 */
export async function payWithBitcoinConnect(invoice: string): Promise<Paid> {
  let bc: BitcoinConnect;
  try {
    bc = await load();
  } catch {
    throw new Error("Bitcoin Connect could not be loaded. Check your connection and try again.");
  }
  let provider: ConnectedWallet;
  try {
    provider = await bc.requestProvider();
  } catch {
    // It rejects with a bare string when the modal is closed before a wallet connected.
    throw new Error(
      "No wallet was connected: Bitcoin Connect was closed first. Connect one to pay, or pay by QR code.",
    );
  }
  try {
    return await payFrom(provider, invoice);
  } catch (err) {
    throw new Error(paymentProblem(err));
  }
}

/** What to tell the visitor when the wallet did not pay: by the NIP-47 error code when the error carries one. */
export function paymentProblem(err: unknown): string {
  const code = typeof err === "object" && err && "code" in err ? String(err.code) : "";
  const message = err instanceof Error ? err.message : String(err);
  switch (code) {
    case "QUOTA_EXCEEDED":
      return "Your wallet refused: this payment is over the budget of its connection to this site. Raise the budget in your wallet, or pay by QR code.";
    case "INSUFFICIENT_BALANCE":
      return "Your wallet has too few sats for this invoice.";
    case "RESTRICTED":
      return "Your wallet's connection may not pay invoices (it may be receive-only). Connect one that can pay, or pay by QR code.";
    case "RATE_LIMITED":
      return "Your wallet is refusing payments for a moment (rate limited). Try again shortly.";
    default:
      return `Your wallet did not pay: ${message || "no reason given"}`;
  }
}
