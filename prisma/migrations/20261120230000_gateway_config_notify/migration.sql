-- Gateways hold tenant config in memory and must see a dashboard edit within a second.
-- A statement trigger on apis, pricing_rules and a node connection's dial fields bumps the
-- sequence tollbooth_config_version and NOTIFYs channel tollbooth_config. Gateways LISTEN, and
-- poll the sequence as a fallback (the embedded PGlite may not deliver NOTIFY). A sequence, not a
-- table, so the Prisma schema is unchanged.
CREATE SEQUENCE IF NOT EXISTS "tollbooth_config_version";

-- The body is an E'' string with \073 for each semicolon: the migration runner (adapter-pg's
-- executeScript) splits scripts at every semicolon and would cut a plpgsql body apart.
CREATE OR REPLACE FUNCTION "tollbooth_config_changed"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM nextval(''tollbooth_config_version'')\073
  PERFORM pg_notify(''tollbooth_config'', TG_TABLE_NAME)\073
  RETURN NULL\073
END
';

CREATE TRIGGER "apis_config_changed"
  AFTER INSERT OR UPDATE OR DELETE ON "apis"
  FOR EACH STATEMENT EXECUTE FUNCTION "tollbooth_config_changed"();

CREATE TRIGGER "pricing_rules_config_changed"
  AFTER INSERT OR UPDATE OR DELETE ON "pricing_rules"
  FOR EACH STATEMENT EXECUTE FUNCTION "tollbooth_config_changed"();

-- Only the fields a gateway dials with: settle_index and the health columns change all the time.
CREATE TRIGGER "lightning_connections_config_changed"
  AFTER INSERT OR DELETE OR UPDATE OF "kind", "socket", "tls_cert", "macaroon_cipher", "macaroon_key_version" ON "lightning_connections"
  FOR EACH STATEMENT EXECUTE FUNCTION "tollbooth_config_changed"();
