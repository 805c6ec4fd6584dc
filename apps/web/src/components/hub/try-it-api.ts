/** Browser side of Try it: thin calls to the /api/try/* route handlers. */
import type { GatewayResult as GatewayAnswer } from "@/server/tryit/gateway-call";
import type { SettlementCheck } from "@/server/tryit/settlement";

// The route handlers answer with the server's own type: one definition for both sides (type-only,
// so nothing of the server module reaches the browser bundle).
export type { GatewayResult as GatewayAnswer } from "@/server/tryit/gateway-call";

export interface Paid {
  preimage: string;
  ms: number;
}

async function post<T>(path: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    throw new Error("We could not reach the Tollbooth server. Check your connection and try again.");
  }
  const json = (await res.json().catch(() => null)) as (T & { message?: string }) | null;
  if (!res.ok || !json) throw new Error(json?.message ?? `The server answered ${res.status}.`);
  return json;
}

export const askForChallenge = (b: { slug: string; method: string; path: string; body?: string }) =>
  post<GatewayAnswer>("/api/try/challenge", b);

export const payWithBuilder = (b: { slug: string; invoice: string }) => post<Paid>("/api/try/pay", b);

export const callWithToken = (b: {
  slug: string;
  method: string;
  path: string;
  body?: string;
  macaroon: string;
  preimage: string;
}) => post<GatewayAnswer>("/api/try/call", b);

/** Was the challenge's invoice paid (from any wallet)? The macaroon alone; see try-it-settlement.ts. */
export const askSettlement = (b: { slug: string; macaroon: string }) =>
  post<SettlementCheck>("/api/try/settlement", b);

/** What a WebLN wallet can do that Try it uses: a browser extension's, or Bitcoin Connect's provider. */
export interface WebLN {
  enable(): Promise<void>;
  sendPayment(invoice: string): Promise<{ preimage: string }>;
}

export function browserWallet(): WebLN | null {
  const w = (globalThis as { webln?: WebLN }).webln;
  return w && typeof w.sendPayment === "function" ? w : null;
}

export async function payWithWebln(invoice: string): Promise<Paid> {
  const wallet = browserWallet();
  if (!wallet) throw new Error("No browser wallet found.");
  await wallet.enable();
  return payFrom(wallet, invoice);
}

/** Pays with an enabled WebLN wallet; the preimage it returns is checked for form here, against the invoice by the gateway. */
export async function payFrom(wallet: WebLN, invoice: string): Promise<Paid> {
  const started = performance.now();
  const { preimage } = await wallet.sendPayment(invoice);
  if (!/^[0-9a-f]{64}$/i.test(preimage)) throw new Error("The wallet did not return a valid preimage.");
  return { preimage, ms: Math.round(performance.now() - started) };
}
