import { randomBytes } from "node:crypto";
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { StoredToken, TokenEntry, TokenStore } from "@tollbooth/l402-core";
import { tokenFacts } from "@tollbooth/l402-core";

/** ~/.tollbooth (or TOLLBOOTH_HOME): where the CLI keeps paid tokens between runs. */
export function tollboothHome(): string {
  return process.env.TOLLBOOTH_HOME ?? join(homedir(), ".tollbooth");
}

export const TOKEN_FILE_VERSION = 2;
const LOCK_STALE_MS = 10_000;
const LOCK_WAIT_MS = 15_000;

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
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const release = await this.lock();
    try {
      const tokens = this.read();
      if (this.memory) {
        apply(this.memory);
        return;
      }
      if (!apply(tokens)) return;
      const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
      writeFileSync(tmp, JSON.stringify({ version: TOKEN_FILE_VERSION, tokens }, null, 2), { mode: 0o600 });
      renameSync(tmp, this.file);
    } finally {
      release();
    }
  }

  /** An exclusive lock file (O_EXCL); one left behind by a crashed run is taken over after 10 s. */
  private async lock(): Promise<() => void> {
    const lockFile = `${this.file}.lock`;
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
      try {
        closeSync(openSync(lockFile, "wx", 0o600));
        return () => rmSync(lockFile, { force: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
      try {
        if (Date.now() - statSync(lockFile).mtimeMs > LOCK_STALE_MS) rmSync(lockFile, { force: true });
      } catch {
        // gone already: try again
      }
      if (Date.now() > deadline) throw new Error(`the token file ${this.file} stays locked by ${lockFile}`);
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
    }
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
