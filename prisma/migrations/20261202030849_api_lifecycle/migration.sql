-- CreateEnum
CREATE TYPE "default_route_kind" AS ENUM ('refuse', 'free', 'per_call');

-- CreateEnum
CREATE TYPE "slug_reservation_reason" AS ENUM ('renamed', 'deleted');

-- AlterTable
ALTER TABLE "apis" ADD COLUMN     "archived_at" TIMESTAMPTZ(3),
ADD COLUMN     "default_calls_per_token" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "default_kind" "default_route_kind" NOT NULL DEFAULT 'refuse',
ADD COLUMN     "default_price_sats" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "slug_reservations" (
    "slug" TEXT NOT NULL,
    "tenant_id" UUID NOT NULL,
    "api_id" UUID NOT NULL,
    "reason" "slug_reservation_reason" NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "slug_reservations_pkey" PRIMARY KEY ("slug")
);

-- CreateIndex
CREATE INDEX "slug_reservations_api_id_idx" ON "slug_reservations"("api_id");

-- AddForeignKey
ALTER TABLE "slug_reservations" ADD CONSTRAINT "slug_reservations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slug_reservations" ADD CONSTRAINT "slug_reservations_api_id_fkey" FOREIGN KEY ("api_id") REFERENCES "apis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- APIs that existed before this migration were sold at the gateway's hidden default (1 sat for
-- 1 call on any unmatched path). They keep that price, now stored and shown in the pricing
-- editor; new APIs refuse unmatched paths (the column default above).
UPDATE "apis" SET "default_kind" = 'per_call', "default_price_sats" = 1, "default_calls_per_token" = 1;

-- Gateways must see a rename or a delete's reservation within a second, like any config edit.
CREATE TRIGGER "slug_reservations_config_changed"
  AFTER INSERT OR UPDATE OR DELETE ON "slug_reservations"
  FOR EACH STATEMENT EXECUTE FUNCTION "tollbooth_config_changed"();
