/**
 * Challenges and token root keys in Postgres. A challenge and its root key are written in one
 * statement, before the 402 leaves, so any gateway instance can verify the token later.
 */
import { SECRET_FIELDS } from "@tollbooth/contract";
import type { SoldScope } from "../payment/sold-scope";
import type { Queryable } from "./queryable";

export const ROOT_KEY_FIELD = SECRET_FIELDS.rootKey;

export interface NewChallenge {
  tenantId: string;
  apiId: string;
  connectionId: string;
  paymentHash: string;
  tokenId: string;
  pricingRuleId: string | null;
  /** The slug the macaroon's caveats name. */
  serviceSlug: string;
  sold: SoldScope;
  amountSats: number;
  callsGranted: number;
  bolt11: string;
  expiresAt: Date;
  rootKeyCipher: Uint8Array;
  rootKeyVersion: number;
}

// Any number of challenges and their root keys in one statement (the arrays run in parallel).
const INSERT_CHALLENGES = `
WITH rk AS (
  INSERT INTO root_keys (token_id, tenant_id, api_id, key_cipher, key_version)
  SELECT * FROM unnest($5::text[], $1::uuid[], $2::uuid[], $11::bytea[], $12::int[])
)
INSERT INTO challenges (id, tenant_id, api_id, lightning_connection_id, payment_hash, token_id, pricing_rule_id,
                        amount_sats, calls_granted, bolt11, expires_at, service_slug, sold_method,
                        sold_path_pattern, sold_kind, price_sats, pass_seconds)
SELECT gen_random_uuid(), * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::uuid[],
                                        $7::int[], $8::int[], $9::text[], $10::timestamptz[], $13::text[],
                                        $14::text[], $15::text[], $16::pricing_kind[], $17::int[], $18::int[])`;

const SELECT_ROOT_KEY = `
SELECT k.key_cipher, k.key_version, k.tenant_id, c.state::text AS state, c.payment_hash, c.lightning_connection_id,
       c.service_slug, c.sold_method, c.sold_path_pattern, c.sold_kind::text AS sold_kind, c.price_sats, c.pass_seconds,
       EXISTS (SELECT 1 FROM receipts r WHERE r.payment_hash = c.payment_hash) AS receipted
FROM root_keys k JOIN challenges c ON c.token_id = k.token_id
WHERE k.token_id = $1 AND k.api_id = $2 AND k.revoked_at IS NULL`;

const MARK_SETTLED = `
UPDATE challenges SET state = 'settled', settle_index = $3, settled_at = $4
WHERE lightning_connection_id = $1 AND payment_hash = $2 AND state <> 'settled'
RETURNING token_id, api_id, amount_sats`;

const SELECT_STATE = `SELECT state::text AS state FROM challenges WHERE token_id = $1`;

const ADVANCE_SETTLE_INDEX = `
UPDATE lightning_connections SET settle_index = greatest(settle_index, $2) WHERE id = $1`;

export interface StoredToken {
  keyCipher: Buffer;
  keyVersion: number;
  tenantId: string;
  state: "pending" | "settled" | "expired" | "canceled";
  paymentHash: string;
  connectionId: string;
  /** null on rows no gateway wrote: then the API's current slug. */
  serviceSlug: string | null;
  /** null fields on rows whose sale is unknown (see the migration): honoured nowhere. */
  sold: Partial<SoldScope> | null;
  /** Its payment's receipt is already stored (any instance issued it): the paywall asks no more. */
  receipted: boolean;
}

export class ChallengeStore {
  constructor(private readonly db: Queryable) {}

  /** All or none: one statement, one transaction. */
  async insertMany(cs: readonly NewChallenge[]): Promise<void> {
    if (cs.length === 0) return;
    const column = <T>(pick: (c: NewChallenge) => T): T[] => cs.map(pick);
    await this.db.query(INSERT_CHALLENGES, [
      column((c) => c.tenantId),
      column((c) => c.apiId),
      column((c) => c.connectionId),
      column((c) => c.paymentHash),
      column((c) => c.tokenId),
      column((c) => c.pricingRuleId),
      column((c) => c.amountSats),
      column((c) => c.callsGranted),
      column((c) => c.bolt11),
      column((c) => c.expiresAt.toISOString()),
      column((c) => Buffer.from(c.rootKeyCipher)),
      column((c) => c.rootKeyVersion),
      column((c) => c.serviceSlug),
      column((c) => c.sold.method),
      column((c) => c.sold.pathPattern),
      column((c) => c.sold.kind),
      column((c) => c.sold.priceSats),
      column((c) => c.sold.passSeconds),
    ]);
  }

  /** The token's root key, its challenge's state and whether its receipt exists, only if it was issued for this API. */
  async find(tokenId: string, apiId: string): Promise<StoredToken | null> {
    const result = await this.db.query<{
      key_cipher: Buffer;
      key_version: number;
      tenant_id: string;
      state: StoredToken["state"];
      payment_hash: string;
      lightning_connection_id: string;
      service_slug: string | null;
      sold_method: string | null;
      sold_path_pattern: string | null;
      sold_kind: SoldScope["kind"] | null;
      price_sats: number | null;
      pass_seconds: number | null;
      receipted: boolean;
    }>(SELECT_ROOT_KEY, [tokenId, apiId]);
    const row = result.rows[0];
    if (!row) return null;
    return {
      keyCipher: row.key_cipher,
      keyVersion: row.key_version,
      tenantId: row.tenant_id,
      state: row.state,
      paymentHash: row.payment_hash,
      connectionId: row.lightning_connection_id,
      serviceSlug: row.service_slug,
      sold:
        row.sold_method === null || row.sold_path_pattern === null
          ? null
          : {
              method: row.sold_method,
              pathPattern: row.sold_path_pattern,
              kind: row.sold_kind ?? "per_call",
              priceSats: row.price_sats ?? 0,
              passSeconds: row.pass_seconds,
            },
      receipted: row.receipted,
    };
  }

  /** Marks a challenge settled; returns what it sold when this call made the change. */
  async markSettled(
    connectionId: string,
    paymentHash: string,
    settleIndex: bigint | null,
    settledAt: Date,
  ): Promise<{ tokenId: string; apiId: string; amountSats: number } | null> {
    const result = await this.db.query<{ token_id: string; api_id: string; amount_sats: number }>(
      MARK_SETTLED,
      [
        connectionId,
        paymentHash,
        settleIndex === null ? null : settleIndex.toString(),
        settledAt.toISOString(),
      ],
    );
    const row = result.rows[0];
    return row ? { tokenId: row.token_id, apiId: row.api_id, amountSats: row.amount_sats } : null;
  }

  async state(tokenId: string): Promise<StoredToken["state"] | null> {
    const result = await this.db.query<{ state: StoredToken["state"] }>(SELECT_STATE, [tokenId]);
    return result.rows[0]?.state ?? null;
  }

  async advanceSettleIndex(connectionId: string, settleIndex: bigint): Promise<void> {
    await this.db.query(ADVANCE_SETTLE_INDEX, [connectionId, settleIndex.toString()]);
  }
}
