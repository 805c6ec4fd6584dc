/**
 * The web app's Try it server calls the gateway on behalf of a browser visitor; without help every
 * visitor would share the web server's address, and one visitor would use up the free tier and
 * challenge budget of all. So the web says whose request it is — `X-Tollbooth-Visitor: <address>` —
 * and proves it is the web with `X-Tollbooth-Visitor-Secret: <GATEWAY_VISITOR_SECRET>`. The claim
 * is believed only with the right secret (compared in constant time); without a configured secret
 * it is never believed. Both headers are stripped before proxying either way (forward-headers.ts).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { parseAddress } from "./client-address";

export const VISITOR_HEADER = "x-tollbooth-visitor";
export const VISITOR_SECRET_HEADER = "x-tollbooth-visitor-secret";

const digest = (value: string) => createHash("sha256").update(value).digest();

export class VisitorClaims {
  private readonly expected: Buffer | null;

  constructor(secret: string | null) {
    this.expected = secret ? digest(secret) : null;
  }

  /** The visitor's address when the web vouches for it with the right secret, else null. */
  claimed(headers: IncomingHttpHeaders): string | null {
    const claim = headers[VISITOR_HEADER];
    if (claim === undefined || this.expected === null) return null;
    const secret = headers[VISITOR_SECRET_HEADER];
    if (typeof secret !== "string" || typeof claim !== "string") return null;
    // Hashing first makes the comparison constant-time whatever the length sent.
    if (!timingSafeEqual(digest(secret), this.expected)) return null;
    return parseAddress(claim);
  }
}
