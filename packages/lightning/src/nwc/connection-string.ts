import { getPublicKey } from "nostr-tools/pure";
import { LightningError } from "../backend";
import { socketOfUrl } from "../pinned-address";

/** A parsed `nostr+walletconnect://` connection string (NIP-47). */
export interface NwcConnection {
  /** hex x-only pubkey of the wallet service. */
  walletPubkey: string;
  /** ws:// or wss:// URL of the relay both sides use (the first one given). */
  relayUrl: string;
  /** The client's secret key: it signs requests and decrypts answers. Never logged. */
  secret: Uint8Array;
  /** hex pubkey derived from the secret: what the wallet service knows this connection by. */
  clientPubkey: string;
  lud16: string | null;
}

const HEX64 = /^[0-9a-f]{64}$/;
const SCHEMES = ["nostr+walletconnect:", "nostrwalletconnect:"];

const invalid = (message: string) => new LightningError("invalid_request", message);

/**
 * Reads and checks a connection string, with an error that says what is wrong in it (never the
 * string itself: it holds the secret).
 */
export function parseNwcConnectionString(raw: unknown): NwcConnection {
  if (typeof raw !== "string" || raw.trim() === "") {
    throw invalid("Paste the NWC connection string (it starts with nostr+walletconnect://).");
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid(
      "That is not an NWC connection string: it should look like nostr+walletconnect://<pubkey>?relay=wss://…&secret=….",
    );
  }
  if (!SCHEMES.includes(url.protocol.toLowerCase())) {
    throw invalid("An NWC connection string starts with nostr+walletconnect://.");
  }
  const walletPubkey = (url.host || url.pathname.replace(/^\/+/, "")).toLowerCase();
  if (!HEX64.test(walletPubkey)) {
    throw invalid("The wallet's pubkey (right after nostr+walletconnect://) must be 64 hex characters.");
  }
  const relay = url.searchParams.get("relay");
  if (!relay) throw invalid("The connection string names no relay (a relay=wss://… parameter).");
  let relayUrl: URL;
  try {
    relayUrl = new URL(relay);
  } catch {
    throw invalid("The connection string's relay is not a URL.");
  }
  if (relayUrl.protocol !== "wss:" && relayUrl.protocol !== "ws:") {
    throw invalid("The connection string's relay must be a wss:// (or ws://) URL.");
  }
  if (relayUrl.username || relayUrl.password) {
    throw invalid("The connection string's relay URL must not carry a user name or password.");
  }
  const secret = (url.searchParams.get("secret") ?? "").toLowerCase();
  if (!HEX64.test(secret)) {
    throw invalid("The connection string's secret must be 64 hex characters (secret=…).");
  }
  const secretBytes = Uint8Array.from(Buffer.from(secret, "hex"));
  let clientPubkey: string;
  try {
    clientPubkey = getPublicKey(secretBytes);
  } catch {
    throw invalid("The connection string's secret is not a valid key.");
  }
  return {
    walletPubkey,
    relayUrl: relayUrl.toString(),
    secret: secretBytes,
    clientPubkey,
    lud16: url.searchParams.get("lud16"),
  };
}

/** host:port of a relay URL, the form the gateway's address rules check (see NodeDial). */
export function relaySocket(relayUrl: string): string {
  return socketOfUrl(new URL(relayUrl));
}
