/**
 * Signs what the gateway forwards for an API with origin signing on (the rule and header names:
 * @tollbooth/upstream-guard origin-signature.ts; the wire format: docs/contract.md "Origin
 * signatures"). The digest covers the body exactly as forwarded, which the gateway knows without
 * delaying anything only for a body that is absent or small and of a declared length: it reads
 * such a body whole (at most SIGNED_BODY_MAX_BYTES) before dispatching. A chunked body, or one
 * declared larger, streams through unread as today and is marked UNSIGNED-PAYLOAD: the gateway
 * never holds a large upload in memory, and the upstream decides whether it accepts those.
 * APIs without signing never come here: their bodies stream exactly as before.
 */
import type { KeyObject } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { finished } from "node:stream";
import {
  contentDigest,
  EMPTY_BODY_DIGEST,
  ORIGIN_DIGEST_HEADER,
  ORIGIN_SIGNATURE_HEADER,
  signatureHeader,
  UNSIGNED_PAYLOAD,
} from "@tollbooth/upstream-guard";

/** The largest request body read whole to be digested; larger or chunked ones are UNSIGNED-PAYLOAD. */
export const SIGNED_BODY_MAX_BYTES = 64 * 1024;

/** How a signed request's body travels: none, read whole first, or streamed unsigned. */
export type SignedBodyPlan = "empty" | "buffered" | "streamed";

export function signedBodyPlan(req: IncomingMessage): SignedBodyPlan {
  if (req.headers["transfer-encoding"] !== undefined) return "streamed";
  const length = req.headers["content-length"];
  if (length === undefined || length === "0") return "empty";
  // Node has already refused a malformed Content-Length with 400; this is a decimal string.
  return Number(length) <= SIGNED_BODY_MAX_BYTES ? "buffered" : "streamed";
}

/**
 * The whole body of a request whose Content-Length is at most SIGNED_BODY_MAX_BYTES (Node's parser
 * enforces the declared length), or null when the client went away or the body broke first.
 * `finished` also answers for a request that was already gone before this was called (the
 * paywall awaits Postgres first, and a client may hang up meanwhile): listening for 'close' alone
 * would wait forever for an event that had already fired.
 */
export function readSmallBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      // Defence in depth: never more than the bound, whatever the parser let through.
      if (size > SIGNED_BODY_MAX_BYTES) {
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    finished(req, (err) => {
      if (err || !req.complete || size > SIGNED_BODY_MAX_BYTES) resolve(null);
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
  });
}

/**
 * Adds Tollbooth-Content-Digest and Tollbooth-Signature to the upstream headers (the client's own
 * were stripped by buildUpstreamHeaders). `body` is the buffered body, null for none, or
 * "streamed" for a body the signature does not cover.
 */
export function signUpstreamRequest(
  headers: Record<string, string | string[]>,
  key: KeyObject,
  method: string,
  target: string,
  body: Buffer | null | "streamed",
): void {
  const digest =
    body === "streamed"
      ? UNSIGNED_PAYLOAD
      : body === null || body.length === 0
        ? EMPTY_BODY_DIGEST
        : contentDigest(body);
  headers[ORIGIN_DIGEST_HEADER] = digest;
  headers[ORIGIN_SIGNATURE_HEADER] = signatureHeader(key, {
    timestamp: Math.floor(Date.now() / 1000),
    method,
    target,
    digest,
  });
}
