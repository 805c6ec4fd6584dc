/**
 * What the gateway reads of the tenants' configuration: every live API, its pricing rules (with
 * their docs, which only the discovery documents read), the
 * slugs held after a rename or delete, and the node connections (config/load-config.ts turns the
 * rows into a GatewayConfig), and the version counter the web's writes bump through the
 * migration's trigger (config/config-store.ts polls it, and LISTENs on the channel the trigger NOTIFYs).
 */

export const SELECT_APIS = `
SELECT id, tenant_id, slug, name, description, published, status::text AS status, upstream_base_url,
       upstream_secret_header, upstream_secret_cipher, upstream_secret_key_version,
       allow_private_upstream, token_validity_seconds, free_tier_calls, free_tier_window_seconds,
       lightning_connection_id, default_kind::text AS default_kind, default_price_sats,
       default_calls_per_token, strict_path_matching, allowed_origins, health_path,
       origin_signing_cipher, origin_signing_key_version, max_stream_seconds
FROM apis WHERE status <> 'disabled' AND archived_at IS NULL`;

export const SELECT_RULES = `
SELECT r.id, r.api_id, r.position, r.method, r.path_pattern, r.kind::text AS kind, r.price_sats,
       r.calls_per_token, r.pass_seconds, r.docs
FROM pricing_rules r JOIN apis a ON a.id = r.api_id WHERE a.status <> 'disabled' AND a.archived_at IS NULL
ORDER BY r.api_id, r.position`;

// A renamed API that was deleted afterwards is gone (410), not moved.
export const SELECT_RESERVATIONS = `
SELECT r.slug,
       CASE WHEN r.reason = 'renamed' AND a.archived_at IS NULL AND a.status <> 'disabled' THEN a.slug END AS moved_to,
       (extract(epoch FROM r.expires_at) * 1000)::float8 AS expires_at
FROM slug_reservations r JOIN apis a ON a.id = r.api_id WHERE r.expires_at > now()`;

export const SELECT_CONNECTIONS = `
SELECT id, tenant_id, kind::text AS kind, socket, tls_cert, macaroon_cipher, macaroon_key_version, settle_index::text AS settle_index
FROM lightning_connections`;

export const SELECT_CONFIG_VERSION =
  "SELECT CASE WHEN is_called THEN last_value ELSE 0 END::text AS v FROM tollbooth_config_version";

/** The channel the migration's trigger NOTIFYs on every config write (prisma/migrations/…_gateway_config_notify). */
export const CONFIG_CHANNEL = "tollbooth_config";
export const LISTEN_CONFIG = `LISTEN ${CONFIG_CHANNEL}`;
export const UNLISTEN_CONFIG = `UNLISTEN ${CONFIG_CHANNEL}`;
