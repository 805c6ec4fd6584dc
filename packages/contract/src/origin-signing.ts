/**
 * What the web app and the gateway agree on about origin protection and streams: the shape of an
 * origin signing secret (the web mints it, the gateway signs with it) and the bounds of an API's
 * longest stream (the web's router validates it, the gateway's config load validates it again).
 * The signing rule itself (canonical string, header names) is @tollbooth/upstream-guard's
 * origin-signature.ts: it needs node:crypto, and this package is also bundled for the browser.
 */
import { z } from "zod";

/** Every origin signing secret starts with this, so a leaked one is recognisable (and greppable). */
export const ORIGIN_SECRET_PREFIX = "tbos_";

/** Random bytes behind the prefix (hex-encoded): 256 bits, the HMAC-SHA256 block-size sweet spot. */
export const ORIGIN_SECRET_BYTES = 32;

/** `tbos_` + 64 lowercase hex digits. */
export const ORIGIN_SECRET_PATTERN = /^tbos_[0-9a-f]{64}$/;

/** The longest a streamed response (SSE) may run through the gateway, in seconds. */
export const STREAM_SECONDS = { min: 1, max: 3600, default: 300 } as const;

export const ZMaxStreamSeconds = z
  .number()
  .int("Give the stream limit in whole seconds.")
  .min(STREAM_SECONDS.min, `A stream may last at least ${STREAM_SECONDS.min} second.`)
  .max(STREAM_SECONDS.max, `A stream may last at most ${STREAM_SECONDS.max} seconds (one hour).`);
