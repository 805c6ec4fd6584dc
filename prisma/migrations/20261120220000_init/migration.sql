-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "member_role" AS ENUM ('owner', 'member');

-- CreateEnum
CREATE TYPE "api_status" AS ENUM ('active', 'paused', 'disabled');

-- CreateEnum
CREATE TYPE "pricing_kind" AS ENUM ('free', 'per_call', 'time_pass');

-- CreateEnum
CREATE TYPE "lightning_kind" AS ENUM ('lnd', 'simnet');

-- CreateEnum
CREATE TYPE "challenge_state" AS ENUM ('pending', 'settled', 'expired', 'canceled');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "password_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tenants" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tenant_members" (
    "tenant_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "member_role" NOT NULL DEFAULT 'owner',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenant_members_pkey" PRIMARY KEY ("tenant_id","user_id")
);

-- CreateTable
CREATE TABLE "apis" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "category" TEXT NOT NULL DEFAULT 'other',
    "upstream_base_url" TEXT NOT NULL,
    "upstream_secret_header" TEXT,
    "upstream_secret_cipher" BYTEA,
    "upstream_secret_key_version" INTEGER,
    "allow_private_upstream" BOOLEAN NOT NULL DEFAULT false,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "status" "api_status" NOT NULL DEFAULT 'active',
    "token_validity_seconds" INTEGER NOT NULL DEFAULT 86400,
    "free_tier_calls" INTEGER NOT NULL DEFAULT 0,
    "free_tier_window_seconds" INTEGER NOT NULL DEFAULT 86400,
    "lightning_connection_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "apis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pricing_rules" (
    "id" UUID NOT NULL,
    "api_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "method" TEXT NOT NULL DEFAULT '*',
    "path_pattern" TEXT NOT NULL,
    "kind" "pricing_kind" NOT NULL DEFAULT 'per_call',
    "price_sats" INTEGER NOT NULL DEFAULT 0,
    "calls_per_token" INTEGER NOT NULL DEFAULT 1,
    "pass_seconds" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pricing_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lightning_connections" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "kind" "lightning_kind" NOT NULL,
    "socket" TEXT NOT NULL,
    "tls_cert" TEXT,
    "macaroon_cipher" BYTEA NOT NULL,
    "macaroon_key_version" INTEGER NOT NULL,
    "node_pubkey" TEXT,
    "last_health_at" TIMESTAMPTZ(3),
    "last_health_ok" BOOLEAN,
    "last_health_error" TEXT,
    "settle_index" BIGINT NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lightning_connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "root_keys" (
    "token_id" TEXT NOT NULL,
    "tenant_id" UUID NOT NULL,
    "api_id" UUID NOT NULL,
    "key_cipher" BYTEA NOT NULL,
    "key_version" INTEGER NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "root_keys_pkey" PRIMARY KEY ("token_id")
);

-- CreateTable
CREATE TABLE "challenges" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "api_id" UUID NOT NULL,
    "lightning_connection_id" UUID NOT NULL,
    "payment_hash" TEXT NOT NULL,
    "token_id" TEXT NOT NULL,
    "pricing_rule_id" UUID,
    "amount_sats" INTEGER NOT NULL,
    "calls_granted" INTEGER NOT NULL,
    "bolt11" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "state" "challenge_state" NOT NULL DEFAULT 'pending',
    "settle_index" BIGINT,
    "settled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "challenges_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "token_consumption" (
    "token_id" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "parent_fingerprint" TEXT,
    "calls_used" INTEGER NOT NULL DEFAULT 0,
    "msats_used" BIGINT NOT NULL DEFAULT 0,
    "calls_limit" INTEGER,
    "msats_limit" BIGINT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "token_consumption_pkey" PRIMARY KEY ("token_id","fingerprint")
);

-- CreateTable
CREATE TABLE "usage_events" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "api_id" UUID NOT NULL,
    "method" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "token_id" TEXT,
    "status" INTEGER NOT NULL,
    "latency_ms" INTEGER NOT NULL,
    "sats" INTEGER NOT NULL DEFAULT 0,
    "msats" BIGINT NOT NULL DEFAULT 0,
    "free" BOOLEAN NOT NULL DEFAULT false,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "usage_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "free_tier_usage" (
    "api_id" UUID NOT NULL,
    "client_key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "free_tier_usage_pkey" PRIMARY KEY ("api_id","client_key","window_start")
);

-- CreateTable
CREATE TABLE "api_quotes" (
    "api_id" UUID NOT NULL,
    "route" TEXT NOT NULL,
    "method" TEXT NOT NULL DEFAULT 'GET',
    "price_sats" INTEGER,
    "up" BOOLEAN NOT NULL,
    "latency_ms" INTEGER,
    "error" TEXT,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "api_quotes_pkey" PRIMARY KEY ("api_id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "actor_id" UUID,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions"("token_hash");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE INDEX "tenant_members_user_id_idx" ON "tenant_members"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "apis_slug_key" ON "apis"("slug");

-- CreateIndex
CREATE INDEX "apis_tenant_id_idx" ON "apis"("tenant_id");

-- CreateIndex
CREATE INDEX "apis_published_status_idx" ON "apis"("published", "status");

-- CreateIndex
CREATE UNIQUE INDEX "pricing_rules_api_id_position_key" ON "pricing_rules"("api_id", "position");

-- CreateIndex
CREATE INDEX "lightning_connections_tenant_id_idx" ON "lightning_connections"("tenant_id");

-- CreateIndex
CREATE INDEX "root_keys_api_id_idx" ON "root_keys"("api_id");

-- CreateIndex
CREATE UNIQUE INDEX "challenges_token_id_key" ON "challenges"("token_id");

-- CreateIndex
CREATE INDEX "challenges_tenant_id_created_at_idx" ON "challenges"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "challenges_api_id_state_idx" ON "challenges"("api_id", "state");

-- CreateIndex
CREATE INDEX "challenges_state_expires_at_idx" ON "challenges"("state", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "challenges_lightning_connection_id_payment_hash_key" ON "challenges"("lightning_connection_id", "payment_hash");

-- CreateIndex
CREATE INDEX "usage_events_api_id_occurred_at_idx" ON "usage_events"("api_id", "occurred_at");

-- CreateIndex
CREATE INDEX "usage_events_tenant_id_occurred_at_idx" ON "usage_events"("tenant_id", "occurred_at");

-- CreateIndex
CREATE INDEX "usage_events_token_id_idx" ON "usage_events"("token_id");

-- CreateIndex
CREATE INDEX "audit_events_tenant_id_created_at_idx" ON "audit_events"("tenant_id", "created_at");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_members" ADD CONSTRAINT "tenant_members_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_members" ADD CONSTRAINT "tenant_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "apis" ADD CONSTRAINT "apis_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "apis" ADD CONSTRAINT "apis_lightning_connection_id_fkey" FOREIGN KEY ("lightning_connection_id") REFERENCES "lightning_connections"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pricing_rules" ADD CONSTRAINT "pricing_rules_api_id_fkey" FOREIGN KEY ("api_id") REFERENCES "apis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lightning_connections" ADD CONSTRAINT "lightning_connections_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "root_keys" ADD CONSTRAINT "root_keys_api_id_fkey" FOREIGN KEY ("api_id") REFERENCES "apis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_api_id_fkey" FOREIGN KEY ("api_id") REFERENCES "apis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_lightning_connection_id_fkey" FOREIGN KEY ("lightning_connection_id") REFERENCES "lightning_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_api_id_fkey" FOREIGN KEY ("api_id") REFERENCES "apis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "free_tier_usage" ADD CONSTRAINT "free_tier_usage_api_id_fkey" FOREIGN KEY ("api_id") REFERENCES "apis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_quotes" ADD CONSTRAINT "api_quotes_api_id_fkey" FOREIGN KEY ("api_id") REFERENCES "apis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
