/** What a client needs to talk to one virtual node exactly as it would to an LND node. */
export interface SimnetNodeCredentials {
  name: string;
  pubkey: string;
  /** host:port of the gRPC endpoint (shared by all nodes; the macaroon selects the node). */
  socket: string;
  /** base64 of the PEM certificate, the form ln-service's authenticatedLndGrpc takes. */
  tlsCert: string;
  /** hex invoice-only macaroon (invoices:read/write, address:read/write, onchain:read). */
  macaroon: string;
  /** hex admin macaroon: can pay. Only the builder wallet and tests should use it. */
  adminMacaroon: string;
  /** hex read-only macaroon. */
  readonlyMacaroon: string;
}
