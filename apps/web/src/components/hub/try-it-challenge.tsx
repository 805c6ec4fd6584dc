"use client";

import { useEffect, useState } from "react";
import { formatSats } from "@/lib/format";
import { Button } from "../ui/button";
import { CopyButton } from "../ui/copy-button";
import { InvoiceQr } from "./invoice-qr";
import type { GatewayAnswer } from "./try-it-api";
import { useBitcoinConnectWallet } from "./try-it-bitcoin-connect";
import { PastePreimage } from "./try-it-paste-preimage";
import type { WatchState } from "./try-it-settlement";

/** The ways the page pays by itself (the QR code and the pasted preimage need no button). */
export type PayWith = "webln" | "bitcoin-connect" | "builder";

/** "9:58" until the invoice expires; null once it has (or when the gateway did not say). */
function useTimeLeft(expires: string | null): string | null {
  const at = expires ? Date.parse(expires) : Number.NaN;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  if (!Number.isFinite(at) || at <= now) return null;
  const seconds = Math.floor((at - now) / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/**
 * The 402 as a visitor sees it: price, invoice (text + QR + copy), the ways to pay it here, and
 * where the payment stands: waiting (amount, time left), expired (a new invoice), paid without a
 * preimage, or the gateway refusing the token.
 */
export function ChallengeBox({
  challenge,
  hasWebln,
  builderWallet,
  busy,
  paying,
  watch,
  pay,
  submitPreimage,
  newInvoice,
}: {
  challenge: NonNullable<GatewayAnswer["challenge"]>;
  hasWebln: boolean;
  builderWallet: boolean;
  busy: boolean;
  paying: boolean;
  watch: WatchState;
  pay: (how: PayWith) => void;
  submitPreimage: (preimage: string) => void;
  newInvoice: () => void;
}) {
  const timeLeft = useTimeLeft(challenge.expires);
  const connected = useBitcoinConnectWallet();
  const expired = watch.kind === "expired" || (challenge.expires !== null && timeLeft === null);
  const amount = challenge.amountSats !== null ? formatSats(challenge.amountSats) : "the invoice";
  if (expired) {
    return (
      <div
        className="space-y-3 rounded-lg border border-zinc-200 bg-zinc-50 p-4"
        data-testid="challenge-expired"
      >
        <p className="text-sm text-zinc-800">
          <span className="font-semibold">This invoice expired</span> before a payment arrived. Nothing was
          charged.
        </p>
        <Button onClick={newInvoice} disabled={busy}>
          Get a new invoice
        </Button>
      </div>
    );
  }
  return (
    <div className="space-y-3 rounded-lg border border-amber-200 bg-amber-50/60 p-4" data-testid="challenge">
      <p className="text-sm text-zinc-800">
        <span className="font-semibold">402 Payment Required.</span> Pay {amount}
        {challenge.calls && challenge.calls > 1 ? ` for ${challenge.calls} calls` : ""} to continue.
      </p>
      <div className="flex justify-center">
        <InvoiceQr invoice={challenge.invoice} />
      </div>
      <div>
        <div className="flex items-center justify-between">
          <span className="text-xs font-medium text-zinc-600">Lightning invoice</span>
          <CopyButton text={challenge.invoice} />
        </div>
        <p
          className="mt-1 max-h-20 overflow-y-auto break-all rounded-md bg-white p-2 font-mono text-[11px] text-zinc-700"
          data-testid="invoice"
        >
          {challenge.invoice}
        </p>
      </div>
      <p className="text-xs text-zinc-700" data-testid="payment-status" aria-live="polite">
        {watch.kind === "paid_no_preimage"
          ? "Paid. The provider's wallet did not hand over the preimage: paste it from your wallet below."
          : watch.kind === "refused"
            ? `The gateway refused this token: ${watch.message}`
            : `Waiting for a payment of ${amount} from any wallet${timeLeft ? ` — expires in ${timeLeft}` : ""}. Scan the QR code or copy the invoice; this page notices the payment.`}
      </p>
      <div className="flex flex-col gap-2">
        {hasWebln && (
          <Button onClick={() => pay("webln")} busy={paying} disabled={busy}>
            Pay with browser wallet
          </Button>
        )}
        <Button
          onClick={() => pay("bitcoin-connect")}
          busy={paying}
          disabled={busy}
          variant={hasWebln ? "secondary" : "primary"}
        >
          {connected.wallet
            ? `Pay with ${connected.wallet}`
            : "Connect a wallet (Nostr Wallet Connect, Alby…)"}
        </Button>
        {connected.wallet && (
          <p className="text-xs text-zinc-600">
            Connected through Bitcoin Connect, kept in this browser.{" "}
            <button
              type="button"
              className="underline hover:text-zinc-900 disabled:opacity-60"
              onClick={connected.disconnect}
              disabled={busy}
            >
              Disconnect
            </button>
          </p>
        )}
        {builderWallet && (
          <Button onClick={() => pay("builder")} busy={paying} disabled={busy} variant="secondary">
            Pay with test wallet (simnet)
          </Button>
        )}
      </div>
      <PastePreimage paymentHash={challenge.paymentHash} disabled={busy} onPreimage={submitPreimage} />
    </div>
  );
}
