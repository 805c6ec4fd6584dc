/** Decrypted root keys of tokens this instance has seen, so a warm paid call reads no key from Postgres. */
export interface KnownToken {
  rootKey: Buffer;
  apiId: string;
  /** The slug the token was minted under: its caveats name it, whatever the API is called now. */
  serviceSlug: string;
  /** What it was sold for (scopeKeyOf(method, pattern)); null = unknown, honoured nowhere. */
  scopeKey: string | null;
  /** A time pass (calls until it expires) rather than a number of calls. */
  timePass: boolean;
  /** What one call is worth at the price it was bought at: metered, and taken from a budget. */
  satsPerCall: number;
  msatsPerCall: bigint;
  connectionId: string;
  paymentHash: string;
  /**
   * The payment's receipt is stored (seen when the token was loaded, or issued since): later calls
   * ask no more (receipt-issuer.ts).
   */
  receipted?: boolean;
}

export class RootKeyCache {
  private readonly entries = new Map<string, KnownToken>();
  constructor(private readonly max = 100_000) {}

  get(tokenId: string): KnownToken | undefined {
    return this.entries.get(tokenId);
  }

  set(tokenId: string, token: KnownToken): void {
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(tokenId, token);
  }
}
