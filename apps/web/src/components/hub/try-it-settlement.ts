/**
 * Learns when a challenge's invoice was paid from anywhere — another wallet, a phone, by QR —
 * by asking the gateway's settlement hand-off (through /api/try/settlement) with the macaroon the
 * page already holds, and hands the preimage it answers to the page to finish the call.
 *
 * Short polls with backoff, not a long poll: every answer is one cheap, stateless request that any
 * gateway instance (and any web instance) can serve, nothing is held open through proxies that cut
 * idle connections, and the gateway's per-visitor caps stay simple token buckets. Settlement shows
 * within about a second while the visitor is most likely paying (the first 20 s), then the page
 * asks less often (up to every 5 s) until the invoice expires.
 */
import { useEffect, useRef, useState } from "react";
import { askSettlement, type GatewayAnswer } from "./try-it-api";

export type WatchState =
  | { kind: "off" }
  | { kind: "waiting" }
  | { kind: "expired" }
  /** settled, but the provider's wallet did not report the preimage: paste it from your wallet */
  | { kind: "paid_no_preimage" }
  | { kind: "refused"; message: string };

/** Milliseconds before poll number `n` (0-based): 1 s for the first 20, then ×1.5 up to 5 s. */
export function pollDelay(n: number): number {
  if (n < 20) return 1_000;
  return Math.min(5_000, Math.round(1_000 * 1.5 ** (n - 19)));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Watches the challenge's settlement while `active`; calls onSettled(preimage) at most once per
 * challenge. Stops when the invoice expires (one last check first: a payment may land at the end).
 */
export function useSettlementWatch(args: {
  slug: string;
  challenge: GatewayAnswer["challenge"];
  active: boolean;
  onSettled: (preimage: string) => void;
}): WatchState {
  const { slug, challenge, active } = args;
  // Tagged with the macaroon it is about, so a new challenge never shows the last one's state.
  const [tagged, setTagged] = useState<{ macaroon: string | null; state: WatchState }>({
    macaroon: null,
    state: { kind: "off" },
  });
  const onSettled = useRef(args.onSettled);
  onSettled.current = args.onSettled;
  const macaroon = challenge?.macaroon ?? null;
  const expires = challenge?.expires ? Date.parse(challenge.expires) : Number.NaN;

  useEffect(() => {
    if (!active || !macaroon) return;
    const stop = new AbortController();
    const setState = (state: WatchState) => setTagged({ macaroon, state });
    setState({ kind: "waiting" });
    void (async () => {
      for (let n = 0; !stop.signal.aborted; n++) {
        await sleep(pollDelay(n), stop.signal);
        if (stop.signal.aborted) return;
        const lastCheck = Number.isFinite(expires) && Date.now() > expires;
        try {
          const check = await askSettlement({ slug, macaroon });
          if (stop.signal.aborted) return;
          if (check.kind === "settled") {
            if (check.preimage) onSettled.current(check.preimage);
            else setState({ kind: "paid_no_preimage" });
            return;
          }
          if (check.kind === "pending" && check.state !== "pending") return setState({ kind: "expired" });
          if (check.kind === "refused") return setState({ kind: "refused", message: check.message });
        } catch {
          // the hub was unreachable for a moment: keep asking (with the backoff)
        }
        if (lastCheck) return setState({ kind: "expired" });
      }
    })();
    return () => stop.abort();
  }, [slug, macaroon, active, expires]);

  if (!active || !macaroon) return { kind: "off" };
  return tagged.macaroon === macaroon ? tagged.state : { kind: "waiting" };
}
