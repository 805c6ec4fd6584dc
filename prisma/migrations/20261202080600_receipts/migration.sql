-- Signed receipts of settled payments (issue #15): one per payment hash, written by the gateway on
-- the first paid call after settlement (INSERT ... ON CONFLICT DO NOTHING, so two instances issue one).
-- CreateTable
CREATE TABLE "receipts" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "api_id" UUID NOT NULL,
    "payment_hash" TEXT NOT NULL,
    "token_id" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "signature" TEXT NOT NULL,
    "kid" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "receipts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "receipts_payment_hash_key" ON "receipts"("payment_hash");

-- CreateIndex
CREATE INDEX "receipts_tenant_id_api_id_created_at_idx" ON "receipts"("tenant_id", "api_id", "created_at");

-- AddForeignKey
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_api_id_fkey" FOREIGN KEY ("api_id") REFERENCES "apis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

