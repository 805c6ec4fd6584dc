import { createHash, randomBytes } from "node:crypto";

/**
 * The session cookie. Where cookies are Secure (always in production, and over https in
 * development) its name carries the `__Host-` prefix: the browser then only accepts it Secure,
 * Path=/ and without Domain, so a sibling subdomain (a tenant's content under the same site)
 * cannot plant or overwrite it. Over plain http in development the prefix cannot work (it needs
 * Secure), so the cookie is the unprefixed `tb_session`.
 */
export const SESSION_COOKIE = "tb_session";
export const SECURE_SESSION_COOKIE = "__Host-tb_session";
export const SESSION_DAYS = 30;

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** The cookie carries 32 random bytes; the database keeps only their sha256. */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function sessionCookie(token: string, opts: { secure: boolean; expires: Date }): string {
  const parts = [
    `${sessionCookieName(opts.secure)}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Expires=${opts.expires.toUTCString()}`,
  ];
  if (opts.secure) parts.push("Secure");
  return parts.join("; ");
}

export function clearedSessionCookie(secure: boolean): string {
  return `${sessionCookieName(secure)}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;
}

/**
 * The session token from a Cookie header. Two cookies of our name mean someone else set one (a
 * same-site page can add a `tb_session` for a wider Domain or Path, which the browser then sends
 * alongside ours): nobody can tell which is the user's, so the request counts as signed out
 * rather than trusting whichever comes first.
 */
export function readSessionCookie(
  cookieHeader: string | null | undefined,
  secure = false,
): string | undefined {
  if (!cookieHeader) return undefined;
  const name = sessionCookieName(secure);
  const values: string[] = [];
  for (const part of cookieHeader.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) values.push(rest.join("="));
  }
  if (values.length !== 1) return undefined;
  return values[0] || undefined;
}
