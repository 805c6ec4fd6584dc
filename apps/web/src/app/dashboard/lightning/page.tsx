import type { Metadata } from "next";
import { ConnectionList, SimnetConnect } from "@/components/dashboard/lightning-panel";
import { WalletConnect } from "@/components/dashboard/wallet-connect";
import { serverCaller } from "@/server/trpc/server-caller";

export const metadata: Metadata = { title: "Lightning" };

export default async function LightningPage() {
  const { api } = await serverCaller();
  const [connections, simnet] = await Promise.all([api.lightning.list(), api.lightning.simnetAvailable()]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Lightning</h1>
        <p className="mt-1 text-sm text-zinc-500">
          Where your money arrives. Each paid call is an invoice in your own wallet: an LND node, a Nostr
          Wallet Connect wallet or an LNbits wallet.
        </p>
      </div>
      <ConnectionList connections={connections} />
      {simnet.available && <SimnetConnect />}
      <WalletConnect />
    </div>
  );
}
