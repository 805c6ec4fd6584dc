import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { StoredToken, TokenEntry, TokenStore } from "@tollbooth/l402-core";
import { tokenFacts } from "@tollbooth/l402-core";
import { withFileLock, writeFileAtomic } from "./file-lock";

/** ~/.tollbooth (or TOLLBOOTH_HOME): where the CLI keeps paid tokens between runs. */
export function tollboothHome(): string {
  return process.env.TOLLBOOTH_HOME ?? join(homedir(), ".tollbooth");
}

export const TOKEN_FILE_VERSION = 2;

type Tokens = Record<string, StoredToken>;

const isToken = (t: unknown): t is StoredToken =>
  typeof t === "object" &&
  t !== null &&
  typeof (t as StoredToken).macaroon === "string" &&
  typeof (t as StoredToken).preimage === "string";

/**
 * Paid L402 tokens in a JSON file, so a later `tollbooth fetch` reuses a token wherever its scope
 * still covers the request instead of paying again. The file holds bearer credentials: 0600.
 *
 * Format `{ "version": 2, "tokens": { "<origin> <service> <METHOD> <pattern> #<token id>": token } }`.
 * Version 1 (a flat `{ "<origin> <service>": token }`, one token per API) is read as tokens of
 * unknown scope ("legacy", tried last) and rewritten as version 2 on the next change. A corrupt
 * file reads as empty; a newer version is left untouched (tokens of this run stay in memory).
 * Every change is read-modify-write under an exclusive lock file and lands by atomic rename, so
 * concurrent runs neither corrupt the file nor lose each other's tokens.
 */
export class FileTokenStore implements TokenStore {
  /** set when the file is from a newer CLI: this run keeps its tokens here and never writes */
  private memory: Tokens | undefined;

  constructor(readonly file: string = join(tollboothHome(), "tokens.json")) {}

  private read(): Tokens {
    if (this.memory) return this.memory;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file, "utf8"));
    } catch {
      return {}; // missing or corrupt: start empty rather than refuse to work
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return {};
    const version = (parsed as { version?: unknown }).version;
    if (version === undefined) return migrateVersion1(parsed as Record<string, unknown>);
    if (version !== TOKEN_FILE_VERSION) {
      this.memory = {};
      return this.memory;
    }
    const tokens = (parsed as { tokens?: unknown }).tokens;
    if (typeof tokens !== "object" || tokens === null) return {};
    const out: Tokens = {};
    for (const [key, token] of Object.entries(tokens)) if (isToken(token)) out[key] = token;
    return out;
  }

  private async change(apply: (tokens: Tokens) => boolean): Promise<void> {
    if (this.read() === this.memory && this.memory) {
      apply(this.memory);
      return;
    }
    await withFileLock(this.file, () => {
      const tokens = this.read();
      if (this.memory) {
        apply(this.memory);
        return;
      }
      if (!apply(tokens)) return;
      writeFileAtomic(this.file, JSON.stringify({ version: TOKEN_FILE_VERSION, tokens }, null, 2));
    });
  }

  get(key: string): StoredToken | undefined {
    return this.read()[key];
  }

  list(bucket: string): TokenEntry[] {
    const prefix = `${bucket} `;
    return Object.entries(this.read())
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, token]) => ({ key, token }));
  }

  set(key: string, token: StoredToken): Promise<void> {
    return this.change((tokens) => {
      tokens[key] = token;
      return true;
    });
  }

  delete(key: string): Promise<void> {
    return this.change((tokens) => {
      if (!(key in tokens)) return false;
      delete tokens[key];
      return true;
    });
  }
}

/** Version 1 kept one token per `<origin> <service>`; its scope is unknown. */
function migrateVersion1(old: Record<string, unknown>): Tokens {
  const out: Tokens = {};
  for (const [bucket, token] of Object.entries(old)) {
    if (!isToken(token)) continue;
    const facts = tokenFacts(token.macaroon);
    const migrated: StoredToken = {
      macaroon: token.macaroon,
      preimage: token.preimage,
      scheme: token.scheme === "LSAT" ? "LSAT" : "L402",
      scopeSource: "legacy",
    };
    if (facts?.validUntil !== undefined) migrated.validUntil = facts.validUntil;
    if (facts?.calls !== undefined) migrated.calls = facts.calls;
    out[`${bucket} * * #${(facts?.tokenId ?? token.preimage).slice(0, 16)}`] = migrated;
  }
  return out;
}
