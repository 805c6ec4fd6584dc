/**
 * Browser-side hardening sent with every page and API answer (from proxy.ts).
 *
 * - No framing at all (`frame-ancestors 'none'` and, for old browsers, `X-Frame-Options: DENY`):
 *   a same-site tenant page could otherwise frame the dashboard and click-jack it.
 * - A Content-Security-Policy whose scripts must carry this response's nonce. Next reads the
 *   nonce from the request's CSP header and puts it on every script it renders;
 *   `'strict-dynamic'` lets those scripts load the app's chunks. Pages are therefore rendered per
 *   request (the root layout is dynamic): a page prerendered at build time could not carry one.
 * - `next dev` needs eval for React's debugging; only there is `'unsafe-eval'` added.
 * - Connections: our own origin, and secure websockets anywhere (`wss:`) because Try it's Bitcoin
 *   Connect talks to the Nostr relay the visitor's own NWC connection string names, which can be
 *   any relay. Plain `ws:` only to loopback and only with TOLLBOOTH_ENV=development, for the
 *   simnet's relay (ws://127.0.0.1:10011) — the same switch that offers the simnet wallets.
 */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(
  nonce: string,
  dev = process.env.NODE_ENV === "development",
  simnet = process.env.TOLLBOOTH_ENV === "development",
): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // React's style={{…}} attributes (chart bars, progress) need inline styles; no script can run from them.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' wss:${simnet ? " ws://127.0.0.1:* ws://localhost:*" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function applySecurityHeaders(headers: Headers, csp: string): void {
  headers.set("content-security-policy", csp);
  headers.set("x-frame-options", "DENY");
  headers.set("x-content-type-options", "nosniff");
  headers.set("referrer-policy", "strict-origin-when-cross-origin");
}
