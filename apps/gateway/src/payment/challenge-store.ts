/**
 * Challenges and token root keys in Postgres. A challenge and its root key are written in one
 * statement, before the 402 leaves, so any gateway instance can verify the token later.
 */
import type { Queryable } from "../config/load-config";

export const ROOT_KEY_FIELD = "root_keys.key";

export interface NewChallenge {
  tenantId: string;
  apiId: string;
  connectionId: string;
  paymentHash: string;
  tokenId: string;
  pricingRuleId: string | null;
  amountSats: number;
  callsGranted: number;
  bolt11: string;
  expiresAt: Date;
  rootKeyCipher: Uint8Array;
  rootKeyVersion: number;
}

const INSERT_CHALLENGE = `
WITH rk AS (
  INSERT INTO root_keys (token_id, tenant_id, api_id, key_cipher, key_version)
  VALUES ($5, $1, $2, $11, $12)
)
INSERT INTO challenges (id, tenant_id, api_id, lightning_connection_id, payment_hash, token_id, pricing_rule_id,
                        amount_sats, calls_granted, bolt11, expires_at)
VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;

const SELECT_ROOT_KEY = `
SELECT k.key_cipher, k.key_version, k.tenant_id, c.state::text AS state, c.payment_hash, c.lightning_connection_id, c.pricing_rule_id
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
  ruleId: string | null;
}

export class ChallengeStore {
  constructor(private readonly db: Queryable) {}

  async insert(c: NewChallenge): Promise<void> {
    await this.db.query(INSERT_CHALLENGE, [
      c.tenantId,
      c.apiId,
      c.connectionId,
      c.paymentHash,
      c.tokenId,
      c.pricingRuleId,
      c.amountSats,
      c.callsGranted,
      c.bolt11,
      c.expiresAt.toISOString(),
      Buffer.from(c.rootKeyCipher),
      c.rootKeyVersion,
    ]);
  }

  /** The token's root key and its challenge's state, only if it was issued for this API. */
  async find(tokenId: string, apiId: string): Promise<StoredToken | null> {
    const result = await this.db.query<{
      key_cipher: Buffer;
      key_version: number;
      tenant_id: string;
      state: StoredToken["state"];
      payment_hash: string;
      lightning_connection_id: string;
      pricing_rule_id: string | null;
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
      ruleId: row.pricing_rule_id,
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
