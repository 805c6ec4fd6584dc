/**
 * What a signed receipt says (docs/contract.md "Receipts"): the API, the route scope the payment
 * bought, the sats settled, the calls or seconds bought, the payment hash, when it settled and
 * when the receipt was issued, and which key signed it. Strict: an unknown field is a different
 * document, not a receipt of this version.
 */
import { z } from "zod";

export const RECEIPT_VERSION = 1;
/** The response header that carries a receipt on the first paid answer of a payment. */
export const RECEIPT_HEADER = "Tollbooth-Receipt";
/** On the gateway, per API: the receipt again, for the holder of the token (macaroon + preimage). */
export const RECEIPT_PATH = "/.well-known/l402/receipt";
/** On the hub: the public keys receipts verify under. */
export const RECEIPT_KEYS_PATH = "/.well-known/tollbooth-receipt-keys.json";

const isoInstant = z.iso.datetime({ offset: false, precision: 3 });

export const Receipt = z
  .strictObject({
    v: z.literal(RECEIPT_VERSION),
    /** Key id: the RFC 7638 thumbprint of the signing key's public JWK. */
    kid: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    /** The API's slug when the token was sold. */
    api: z.string().min(1).max(64),
    /** The route scope sold: method ("*" = any) and path pattern. */
    scope: z.strictObject({ method: z.string().min(1).max(16), path: z.string().min(1).max(512) }),
    kind: z.enum(["per_call", "time_pass"]),
    /** Sats of the settled invoice. */
    sats: z.number().int().nonnegative(),
    /** Calls bought (per_call), else null. */
    calls: z.number().int().positive().nullable(),
    /** Seconds a time pass lasts, else null. */
    seconds: z.number().int().positive().nullable(),
    payment_hash: z.string().regex(/^[0-9a-f]{64}$/),
    settled_at: isoInstant,
    issued_at: isoInstant,
  })
  .refine((r) => (r.kind === "per_call" ? r.calls !== null && r.seconds === null : r.seconds !== null), {
    message: "a per_call receipt names calls, a time_pass receipt names seconds",
  });
export type Receipt = z.infer<typeof Receipt>;

/** What the issuer fills in; the version and key id come from the signer. */
export type ReceiptFacts = Omit<Receipt, "v" | "kid">;

/** The hub's published keys document. */
export const ReceiptKeysDocument = z.object({
  keys: z.array(
    z.looseObject({
      kid: z.string().min(1),
      alg: z.literal("Ed25519"),
      /** The raw 32-byte Ed25519 public key, base64url. */
      public_key: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    }),
  ),
});
export type ReceiptKeysDocument = z.infer<typeof ReceiptKeysDocument>;
