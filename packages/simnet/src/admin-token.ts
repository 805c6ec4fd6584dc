/**
 * The simnet admin API hands out node credentials, admin macaroons included: anything that can
 * reach its port (a private upstream in development, another local user, a browser page) could
 * otherwise drain the builder wallet. So every request but /healthz carries
 * `Authorization: Bearer <token>`. The token is TOLLBOOTH_SIMNET_ADMIN_TOKEN when set (npm start
 * passes it to every process), else `admin.token` in the simnet's data dir (0600), made once.
 * (scripts/lib/bootstrap.mjs writes the same file for npm start, before anything is installed.)
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const ADMIN_TOKEN_FILE = "admin.token";

export function loadOrCreateAdminToken(dataDir: string, configured?: string): string {
  const given = configured?.trim();
  if (given) return given;
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    // "wx": exactly one process creates it; everyone else reads the winner's token.
    writeFileSync(file, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const token = readFileSync(file, "utf8").trim();
  if (!token) throw new Error(`${file} is empty: delete it and restart the simnet.`);
  return token;
}

/** Constant-time check of an Authorization header against the token (hashing evens out lengths). */
export function isAuthorized(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1] ?? "";
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(token).digest();
  return timingSafeEqual(a, b) && presented.length > 0;
}
