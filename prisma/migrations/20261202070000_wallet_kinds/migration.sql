-- Wallet kinds beyond LND (issue #14). The existing columns keep their meaning per kind:
--   socket          lnd/simnet: host:port of gRPC · nwc: the relay URL · lnbits: the instance base URL
--   macaroon_cipher lnd/simnet: the macaroon   · nwc: the whole connection string · lnbits: the invoice/read key
-- `capabilities` is what the credential was found to allow at the last test (e.g. make_invoice,
-- lookup_invoice, pay_invoice for NWC; invoice/admin for LNbits), so the dashboard can warn.
ALTER TYPE "lightning_kind" ADD VALUE IF NOT EXISTS 'nwc';
ALTER TYPE "lightning_kind" ADD VALUE IF NOT EXISTS 'lnbits';
ALTER TABLE "lightning_connections" ADD COLUMN "capabilities" TEXT[] DEFAULT ARRAY[]::TEXT[];
