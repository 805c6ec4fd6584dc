/** Decrypted root keys of tokens this instance has seen, so a warm paid call reads no key from Postgres. */
export interface KnownToken {
  rootKey: Buffer;
  apiId: string;
  ruleId: string | null;
  connectionId: string;
  paymentHash: string;
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
