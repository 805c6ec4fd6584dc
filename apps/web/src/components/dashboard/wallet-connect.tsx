"use client";

import { useState } from "react";
import { Card, CardBody, CardHeader } from "../ui/card";
import { LndConnectFields } from "./lightning-panel";
import { LnbitsConnectForm } from "./lnbits-connect-form";
import { NwcConnectForm } from "./nwc-connect-form";

const KINDS = [
  { id: "lnd", label: "LND node" },
  { id: "nwc", label: "Nostr Wallet Connect" },
  { id: "lnbits", label: "LNbits" },
] as const;

/** "Connect a wallet": LND, NWC or LNbits, each tested live before it is saved. */
export function WalletConnect() {
  const [kind, setKind] = useState<(typeof KINDS)[number]["id"]>("lnd");
  return (
    <Card>
      <CardHeader
        title="Connect a wallet"
        description="Payments go straight to your wallet; Tollbooth never holds funds. Every credential is tested live and sealed on save. Give it only what receiving needs: a credential that can spend is refused or flagged."
      />
      <CardBody className="space-y-4">
        <div role="tablist" aria-label="Wallet kind" className="flex flex-wrap gap-2">
          {KINDS.map((k) => (
            <button
              key={k.id}
              type="button"
              role="tab"
              aria-selected={kind === k.id}
              onClick={() => setKind(k.id)}
              className={`rounded-md border px-3 py-1.5 text-sm ${kind === k.id ? "border-zinc-900 bg-zinc-900 text-white" : "border-zinc-200 text-zinc-700 hover:bg-zinc-50"}`}
            >
              {k.label}
            </button>
          ))}
        </div>
        {kind === "lnd" && <LndConnectFields />}
        {kind === "nwc" && <NwcConnectForm />}
        {kind === "lnbits" && <LnbitsConnectForm />}
      </CardBody>
    </Card>
  );
}
