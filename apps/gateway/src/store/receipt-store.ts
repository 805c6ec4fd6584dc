/**
 * Receipts in Postgres: what a settled challenge sold (the facts a receipt states) together with
 * the receipt already issued for its payment, if any; and the insert that makes one receipt per
 * payment hash whatever the number of gateway instances (ON CONFLICT DO NOTHING: the loser learns
 * it lost and serves the winner's).
 */
import type { Queryable } from "./queryable";

const SELECT_FACTS = `
SELECT c.tenant_id, c.api_id, c.payment_hash, c.token_id, c.service_slug, a.slug AS api_slug,
       c.sold_method, c.sold_path_pattern, c.sold_kind::text AS sold_kind, c.amount_sats, c.calls_granted,
       c.pass_seconds, c.settled_at, r.body AS receipt_body, r.signature AS receipt_signature
FROM challenges c
JOIN apis a ON a.id = c.api_id
LEFT JOIN receipts r ON r.payment_hash = c.payment_hash
WHERE c.token_id = $1 AND c.api_id = $2 AND c.state = 'settled'`;

const INSERT_RECEIPT = `
INSERT INTO receipts (id, tenant_id, api_id, payment_hash, token_id, body, signature, kid)
VALUES (gen_random_uuid(), $1, $2, $3, $4, $5::jsonb, $6, $7)
ON CONFLICT (payment_hash) DO NOTHING
RETURNING id`;

export interface SettledSale {
  tenantId: string;
  apiId: string;
  paymentHash: string;
  tokenId: string;
  /** The slug the token was sold under (the API's current one for rows no gateway wrote). */
  apiSlug: string;
  method: string | null;
  pathPattern: string | null;
  kind: "per_call" | "time_pass";
  amountSats: number;
  callsGranted: number;
  passSeconds: number | null;
  settledAt: Date;
  /** The receipt already issued for this payment. */
  issued: { body: unknown; signature: string } | null;
}

export interface NewReceipt {
  tenantId: string;
  apiId: string;
  paymentHash: string;
  tokenId: string;
  body: unknown;
  signature: string;
  kid: string;
}

export class ReceiptStore {
  constructor(private readonly db: Queryable) {}

  /** The sale behind a settled token of this API, and its receipt if one exists; null if unsettled. */
  async settledSale(tokenId: string, apiId: string): Promise<SettledSale | null> {
    const result = await this.db.query<{
      tenant_id: string;
      api_id: string;
      payment_hash: string;
      token_id: string;
      service_slug: string | null;
      api_slug: string;
      sold_method: string | null;
      sold_path_pattern: string | null;
      sold_kind: "per_call" | "time_pass" | null;
      amount_sats: number;
      calls_granted: number;
      pass_seconds: number | null;
      settled_at: Date | null;
      receipt_body: unknown;
      receipt_signature: string | null;
    }>(SELECT_FACTS, [tokenId, apiId]);
    const row = result.rows[0];
    if (!row || row.settled_at === null) return null;
    return {
      tenantId: row.tenant_id,
      apiId: row.api_id,
      paymentHash: row.payment_hash,
      tokenId: row.token_id,
      apiSlug: row.service_slug ?? row.api_slug,
      method: row.sold_method,
      pathPattern: row.sold_path_pattern,
      kind: row.sold_kind ?? "per_call",
      amountSats: row.amount_sats,
      callsGranted: row.calls_granted,
      passSeconds: row.pass_seconds,
      settledAt: row.settled_at,
      issued:
        row.receipt_signature === null ? null : { body: row.receipt_body, signature: row.receipt_signature },
    };
  }

  /** True when this call wrote the payment's receipt; false when one was already there. */
  async insert(r: NewReceipt): Promise<boolean> {
    const result = await this.db.query(INSERT_RECEIPT, [
      r.tenantId,
      r.apiId,
      r.paymentHash,
      r.tokenId,
      JSON.stringify(r.body),
      r.signature,
      r.kid,
    ]);
    return (result.rowCount ?? result.rows.length) > 0;
  }
}
