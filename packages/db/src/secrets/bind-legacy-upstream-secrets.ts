/**
 * One-time step for upstream secrets sealed before they were bound to an upstream origin (secret
 * box format 0x01): the gateway now opens an upstream secret only for the API's current origin,
 * so such a row is refused (503) until it is re-bound or re-entered. Runs after every
 * `npm run migrate` (a no-op once no 0x01 upstream secret is left); SQL cannot re-seal, the box can.
 *
 * Decision (documented in packages/db/README.md): "bind" (default) re-seals each legacy secret for
 * the API's origin as stored now. Before this step a secret already went to whatever origin the
 * row named on every call, so binding it there widens nothing, and from now on moving the API
 * clears it. Operators who think an origin was changed by someone who should not have,
 * set TOLLBOOTH_LEGACY_UPSTREAM_SECRETS=clear: every legacy secret is deleted and must be re-entered.
 * Each row gets an audit event either way. A secret that does not open (another master key) is
 * left alone, and the gateway keeps refusing it.
 */
import { SecretBoxError } from "./errors";
import { isBoundSecret, type SecretBox } from "./secret-box";

export interface SqlClient {
  query<R = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: R[]; rowCount?: number | null }>;
}

export type LegacySecretMode = "bind" | "clear";

export interface LegacySecretReport {
  bound: number;
  cleared: number;
  /** Legacy secrets that do not open with the configured master keys (left as they are). */
  unopenable: number;
}

const UPSTREAM_SECRET_FIELD = "apis.upstream_secret";

interface Row {
  id: string;
  tenant_id: string;
  slug: string;
  upstream_base_url: string;
  upstream_secret_cipher: Buffer;
  upstream_secret_key_version: number | null;
}

function originOf(baseUrl: string): string | null {
  try {
    const url = new URL(baseUrl);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}

/** Rows with a format-0x01 upstream secret, without opening anything. */
export async function countLegacyUpstreamSecrets(sql: SqlClient): Promise<number> {
  return (await legacyRows(sql)).length;
}

async function legacyRows(sql: SqlClient): Promise<Row[]> {
  const { rows } = await sql.query<Row>(
    `SELECT id, tenant_id, slug, upstream_base_url, upstream_secret_cipher, upstream_secret_key_version
       FROM apis WHERE upstream_secret_cipher IS NOT NULL`,
  );
  return rows.filter((row) => {
    try {
      return !isBoundSecret(row.upstream_secret_cipher);
    } catch {
      return false; // not a blob at all: nothing to re-bind; the gateway refuses it
    }
  });
}

export async function bindLegacyUpstreamSecrets(
  sql: SqlClient,
  box: SecretBox,
  mode: LegacySecretMode = "bind",
): Promise<LegacySecretReport> {
  const report: LegacySecretReport = { bound: 0, cleared: 0, unopenable: 0 };
  for (const row of await legacyRows(sql)) {
    const where = { tenantId: row.tenant_id, field: UPSTREAM_SECRET_FIELD };
    let plaintext: string;
    try {
      plaintext = box.decrypt({
        ...where,
        cipher: row.upstream_secret_cipher,
        keyVersion: row.upstream_secret_key_version ?? undefined,
      });
    } catch (err) {
      if (!(err instanceof SecretBoxError)) throw err;
      report.unopenable++;
      continue;
    }
    const origin = originOf(row.upstream_base_url);
    const rebind = mode === "bind" && origin !== null;
    const sealed = rebind ? box.encrypt({ ...where, binding: origin, plaintext }) : null;
    // Compare-and-set on the old blob: a secret re-entered meanwhile is never overwritten.
    const updated = await sql.query(
      `UPDATE apis SET upstream_secret_cipher = $2, upstream_secret_key_version = $3, updated_at = now()
        WHERE id = $1 AND upstream_secret_cipher = $4`,
      [
        row.id,
        sealed ? Buffer.from(sealed.cipher) : null,
        sealed?.keyVersion ?? null,
        row.upstream_secret_cipher,
      ],
    );
    if (updated.rowCount === 0) continue;
    const action = sealed ? "api.upstream_secret_bound" : "api.upstream_secret_cleared";
    const details = sealed ? { origin } : { reason: "unbound_legacy_secret", origin: origin ?? "" };
    await sql.query(
      `INSERT INTO audit_events (id, tenant_id, actor_id, action, target, details)
       VALUES (gen_random_uuid(), $1, NULL, $2, $3, $4::jsonb)`,
      [row.tenant_id, action, row.slug, JSON.stringify(details)],
    );
    if (sealed) report.bound++;
    else report.cleared++;
  }
  return report;
}
