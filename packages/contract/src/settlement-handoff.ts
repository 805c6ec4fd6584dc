/**
 * The settlement hand-off both apps speak (docs/contract.md, "Settlement hand-off"): the gateway
 * answers it, the web's Try it asks it for a visitor who paid by QR from another wallet.
 */
import { z } from "zod";

/** Under the API's reserved well-known path, beside discovery and quotes. */
export const SETTLEMENT_HANDOFF_PATH = "/.well-known/l402/settlement";

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** `200` answer of `GET <api>/.well-known/l402/settlement` with `Authorization: L402 <macaroon>`. */
export const SettlementAnswer = z.union([
  z.strictObject({ settled: z.literal(false), state: z.enum(["pending", "expired", "canceled"]) }),
  /** preimage null: the provider's wallet did not report it; the payer's wallet has it. */
  z.strictObject({ settled: z.literal(true), preimage: hex64.nullable() }),
]);
export type SettlementAnswer = z.infer<typeof SettlementAnswer>;
