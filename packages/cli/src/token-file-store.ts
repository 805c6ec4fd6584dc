import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { StoredToken, TokenStore } from "@tollbooth/l402-core";

/** ~/.tollbooth (or TOLLBOOTH_HOME): where the CLI keeps paid tokens between runs. */
export function tollboothHome(): string {
  return process.env.TOLLBOOTH_HOME ?? join(homedir(), ".tollbooth");
}

/**
 * Paid L402 tokens in a JSON file, so a later `tollbooth fetch` reuses a token that still has calls
 * left instead of paying again. The file holds bearer credentials: it is created 0600.
 */
export class FileTokenStore implements TokenStore {
  constructor(readonly file: string = join(tollboothHome(), "tokens.json")) {}

  private read(): Record<string, StoredToken> {
    try {
      const parsed = JSON.parse(readFileSync(this.file, "utf8")) as unknown;
      return parsed && typeof parsed === "object" ? (parsed as Record<string, StoredToken>) : {};
    } catch {
      return {}; // missing or corrupt: start empty rather than refuse to work
    }
  }

  private write(tokens: Record<string, StoredToken>): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(tokens, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  get(key: string): StoredToken | undefined {
    const token = this.read()[key];
    return token && typeof token.macaroon === "string" && typeof token.preimage === "string"
      ? token
      : undefined;
  }

  set(key: string, token: StoredToken): void {
    this.write({ ...this.read(), [key]: token });
  }

  delete(key: string): void {
    const tokens = this.read();
    if (!(key in tokens)) return;
    delete tokens[key];
    this.write(tokens);
  }
}
