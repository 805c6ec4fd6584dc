-- AlterTable
ALTER TABLE "challenges" ADD COLUMN     "pass_seconds" INTEGER,
ADD COLUMN     "price_sats" INTEGER,
ADD COLUMN     "service_slug" TEXT,
ADD COLUMN     "sold_kind" "pricing_kind",
ADD COLUMN     "sold_method" TEXT,
ADD COLUMN     "sold_path_pattern" TEXT;

-- CreateIndex
CREATE INDEX "challenges_tenant_id_settled_at_idx" ON "challenges"("tenant_id", "settled_at");

-- Backfill what earlier gateways sold. The slug is the API's current one (slugs could not be
-- renamed without stranding tokens before this migration anyway). The price comes from the invoice
-- itself (amount / calls), not from the rule, which may have been repriced since. The scope comes
-- from the rule row when it still exists (rows were replaced on every save, so a surviving row is
-- the one that priced the sale); the implicit default rule (no row) sold "* /*". Rows whose rule is
-- gone keep a null scope: such tokens were already refused before this migration.
UPDATE "challenges" c SET "service_slug" = a."slug" FROM "apis" a WHERE a."id" = c."api_id";

UPDATE "challenges" SET
  "sold_kind" = CASE WHEN "calls_granted" = 0 THEN 'time_pass'::"pricing_kind" ELSE 'per_call'::"pricing_kind" END,
  "price_sats" = CASE WHEN "calls_granted" = 0 THEN "amount_sats" ELSE "amount_sats" / "calls_granted" END;

UPDATE "challenges" c SET "sold_method" = upper(r."method"), "sold_path_pattern" = r."path_pattern",
  "pass_seconds" = r."pass_seconds"
FROM "pricing_rules" r WHERE r."id" = c."pricing_rule_id";

UPDATE "challenges" SET "sold_method" = '*', "sold_path_pattern" = '/*' WHERE "pricing_rule_id" IS NULL;
