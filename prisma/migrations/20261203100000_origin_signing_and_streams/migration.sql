-- Origin protection: the per-API secret the gateway signs forwarded requests with (sealed by the
-- secret box, bound to tenant + field + API id; NULL = signing off), and the longest a streamed
-- response may run through the gateway (docs/contract.md "Origin signatures", "Streaming").
ALTER TABLE "apis" ADD COLUMN "origin_signing_cipher" BYTEA;
ALTER TABLE "apis" ADD COLUMN "origin_signing_key_version" INTEGER;
ALTER TABLE "apis" ADD COLUMN "max_stream_seconds" INTEGER NOT NULL DEFAULT 300;
ALTER TABLE "apis" ADD CONSTRAINT "apis_max_stream_seconds_bounds"
  CHECK ("max_stream_seconds" BETWEEN 1 AND 3600);
