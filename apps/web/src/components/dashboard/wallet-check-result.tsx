import type { NodeCheck } from "@/server/lightning/node";
import { Alert } from "../ui/card";
import { SPEND_WARNING } from "./wallet-kinds";

/** A connection test's answer as the browser gets it (node.ts), the node's pubkey aside. */
export type WalletCheckView = Omit<NodeCheck, "pubkey">;

/** What "Test connection" found: who answered, on which network, what the credential allows. */
export function WalletCheckResult({ check }: { check: WalletCheckView }) {
  if (!check.ok) return <Alert>The connection test failed: {check.error ?? "no answer"}</Alert>;
  return (
    <div className="space-y-2" data-testid="wallet-check">
      <Alert tone="success">
        Answered in {check.latencyMs} ms · wallet <strong>{check.alias ?? "unnamed"}</strong> · network{" "}
        <strong>{check.network ?? "not reported"}</strong> · allows{" "}
        <span className="font-mono">{check.capabilities.join(", ") || "—"}</span>
      </Alert>
      {check.canSpend && <Alert tone="warning">{SPEND_WARNING}</Alert>}
    </div>
  );
}
