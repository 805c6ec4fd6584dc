"use client";

import { formatSats } from "@/lib/format";
import { Button } from "../ui/button";
import { CopyButton } from "../ui/copy-button";
import { InvoiceQr } from "./invoice-qr";
import type { GatewayAnswer } from "./try-it-api";

/** The 402 as a visitor sees it: price, invoice (text + QR), and the ways to pay it here. */
export function ChallengeBox({
  challenge,
  hasWebln,
  builderWallet,
  busy,
  paying,
  pay,
}: {
  challenge: NonNullable<GatewayAnswer["challenge"]>;
  hasWebln: boolean;
  builderWallet: boolean;
  busy: boolean;
  paying: boolean;
  pay: (how: "builder" | "webln") => void;
}) {
  const phase = paying ? "paying" : "challenged";
  return (
    <div className="space-y-3 rounded-lg border border-amber-200 bg-amber-50/60 p-4" data-testid="challenge">
      <p className="text-sm text-zinc-800">
        <span className="font-semibold">402 Payment Required.</span>{" "}
        {challenge.amountSats !== null ? <>Pay {formatSats(challenge.amountSats)}</> : "Pay the invoice"}
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
      <div className="flex flex-col gap-2">
        {hasWebln && (
          <Button onClick={() => pay("webln")} busy={phase === "paying"} disabled={busy}>
            Pay with browser wallet
          </Button>
        )}
        {builderWallet && (
          <Button
            onClick={() => pay("builder")}
            busy={phase === "paying"}
            disabled={busy}
            variant={hasWebln ? "secondary" : "primary"}
          >
            Pay with test wallet (simnet)
          </Button>
        )}
        {!hasWebln && !builderWallet && (
          <p className="text-xs text-zinc-600">
            Pay this invoice with any Lightning wallet, or install a WebLN browser wallet to pay in one click.
          </p>
        )}
      </div>
    </div>
  );
}
