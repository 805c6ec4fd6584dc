-- Whether a metered request reached the upstream. The gateway meters its own refusals too (a 402
-- challenge, a 401, a 429, a 503 while the provider's wallet is down): those are not calls the
-- provider served, and their status alone cannot tell a gateway 503 from an upstream's 503.
-- Rows written before this column are counted as before (true).
ALTER TABLE "usage_events" ADD COLUMN "forwarded" BOOLEAN NOT NULL DEFAULT true;
