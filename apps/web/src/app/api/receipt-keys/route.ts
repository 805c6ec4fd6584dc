// Relative imports (not "@/"): integration tests import this handler under tsx, which does not read the app's path alias.
import { jsonError } from "../../../server/errors";
import { receiptKeysResponse } from "../../../server/receipts/published-keys";

export const dynamic = "force-dynamic";

/**
 * GET /.well-known/tollbooth-receipt-keys.json (rewritten here in next.config.ts: the App Router
 * does not route dot-prefixed folders) — the public keys receipts verify under.
 */
export function GET() {
  try {
    return receiptKeysResponse();
  } catch (err) {
    // The operator set a bad key: say which variable (never its value), as a 503 like any missing part.
    return jsonError("receipt_keys_unavailable", (err as Error).message, 503);
  }
}
