-- Upstream health (issue #16): the gateways check each live API's upstream periodically.
-- `api_health` holds the state and the claim (next_check_at) in a table of its own, so a check's
-- writes never touch `apis` (whose trigger makes every gateway reload its config);
-- `api_health_checks` keeps every check 31 days for the hourly uptime and latency figures;
-- `api_events` is the outbox a future webhook sender reads (`api.health_changed`, written in the
-- same statement as the state change). `apis.health_path` is the provider's health route.
-- CreateEnum
CREATE TYPE "HealthState" AS ENUM ('unknown', 'up', 'down');

-- AlterTable
ALTER TABLE "apis" ADD COLUMN     "health_path" TEXT;

-- CreateTable
CREATE TABLE "api_health" (
    "api_id" UUID NOT NULL,
    "state" "HealthState" NOT NULL DEFAULT 'unknown',
    "fail_streak" INTEGER NOT NULL DEFAULT 0,
    "changed_at" TIMESTAMPTZ(3),
    "last_checked_at" TIMESTAMPTZ(3),
    "next_check_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_health_pkey" PRIMARY KEY ("api_id")
);

-- CreateTable
CREATE TABLE "api_health_checks" (
    "id" BIGSERIAL NOT NULL,
    "api_id" UUID NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ok" BOOLEAN NOT NULL,
    "latency_ms" INTEGER,
    "status" INTEGER,
    "error" TEXT,

    CONSTRAINT "api_health_checks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_events" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "api_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "api_health_checks_api_id_checked_at_idx" ON "api_health_checks"("api_id", "checked_at");

-- CreateIndex
CREATE INDEX "api_health_checks_checked_at_idx" ON "api_health_checks"("checked_at");

-- CreateIndex
CREATE INDEX "api_events_tenant_id_created_at_idx" ON "api_events"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "api_events_api_id_created_at_idx" ON "api_events"("api_id", "created_at");

-- AddForeignKey
ALTER TABLE "api_health" ADD CONSTRAINT "api_health_api_id_fkey" FOREIGN KEY ("api_id") REFERENCES "apis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_health_checks" ADD CONSTRAINT "api_health_checks_api_id_fkey" FOREIGN KEY ("api_id") REFERENCES "apis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_events" ADD CONSTRAINT "api_events_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_events" ADD CONSTRAINT "api_events_api_id_fkey" FOREIGN KEY ("api_id") REFERENCES "apis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

