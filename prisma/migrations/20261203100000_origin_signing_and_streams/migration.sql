-- Origin protection: the per-API secret the gateway signs forwarded requests with (sealed by the
-- secret box, bound to tenant + field + API id; NULL = signing off), and the longest a streamed
-- response may run through the gateway (docs/contract.md "Origin signatures", "Streaming").
-- Its bounds (1..3600) are checked by the web app's zod schema and again by the gateway's config
-- load (out of bounds: the default, reported), not by a CHECK: Prisma's schema engine aborts its
-- migration diff (the drift test) on a CHECK constraint.
ALTER TABLE "apis" ADD COLUMN "origin_signing_cipher" BYTEA;
ALTER TABLE "apis" ADD COLUMN "origin_signing_key_version" INTEGER;
ALTER TABLE "apis" ADD COLUMN "max_stream_seconds" INTEGER NOT NULL DEFAULT 300;
