import { LightningError, type LightningErrorCode } from "./backend";

/**
 * ln-service rejects with `[httpLikeCode, "ErrorName", { err: grpcServiceError }]`; LND's own words
 * are in `err.details`. This turns both into a typed LightningError with a sentence a provider can
 * act on. Macaroons and preimages never appear in these messages.
 */

interface GrpcLikeError {
  code?: number;
  details?: string;
  message?: string;
}

const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

function parts(err: unknown): { name: string; details: string; grpcCode?: number } {
  if (Array.isArray(err)) {
    const extra = err[2] as { err?: GrpcLikeError } | undefined;
    const inner = extra?.err;
    return {
      name: typeof err[1] === "string" ? err[1] : "",
      details: String(inner?.details ?? inner?.message ?? ""),
      ...(typeof inner?.code === "number" ? { grpcCode: inner.code } : {}),
    };
  }
  if (err instanceof Error) {
    const g = err as Error & GrpcLikeError;
    return {
      name: err.message,
      details: String(g.details ?? ""),
      ...(typeof g.code === "number" ? { grpcCode: g.code } : {}),
    };
  }
  return { name: "", details: err === undefined ? "the stream ended" : String(err) };
}

export function toLightningError(
  err: unknown,
  action: string,
  fallback: LightningErrorCode = "unreachable",
): LightningError {
  if (err instanceof LightningError) return err;
  const { name, details, grpcCode } = parts(err);
  const text = `${name} ${details}`;
  const say = (code: LightningErrorCode, sentence: string) => new LightningError(code, sentence, err);

  if (/certificate|self.signed|ssl|tls|handshake/i.test(details) && grpcCode === GRPC_UNAVAILABLE) {
    return say(
      "unreachable",
      `Could not ${action}: the TLS handshake with the node failed; check the TLS certificate.`,
    );
  }
  if (
    grpcCode === GRPC_UNAVAILABLE ||
    /FailedToConnectToDaemon|No connection established|ECONNREFUSED|Connection dropped|Channel has been shut down/i.test(
      text,
    )
  ) {
    return say("unreachable", `Could not ${action}: the node is not reachable (${details || name}).`);
  }
  if (grpcCode === GRPC_DEADLINE_EXCEEDED)
    return say("timeout", `Could not ${action}: the node did not answer in time.`);
  if (/permission denied/i.test(details)) {
    return say("permission_denied", `Could not ${action}: the macaroon lacks the permission for it.`);
  }
  if (
    /verification failed|cannot get macaroon|expected 1 macaroon|cannot decode macaroon|macaroon has expired|invalid macaroon|root key/i.test(
      details,
    )
  ) {
    return say(
      "unauthenticated",
      `Could not ${action}: the node rejected the macaroon (${details}). Was it baked by this node, and not revoked?`,
    );
  }
  if (/invoice expired/i.test(details))
    return say("invoice_expired", "The invoice has expired; ask for a fresh one.");
  if (/already paid|payment is in transition/i.test(details)) {
    return say("already_paid", "This invoice has already been paid (or a payment for it is in flight).");
  }
  if (/unable to locate invoice|there are no existing invoices/i.test(details) || grpcCode === 5) {
    return say("invoice_not_found", "The node has no invoice with that payment hash.");
  }
  if (name === "InsufficientBalanceToAttemptPayment") {
    return say("insufficient_balance", "The wallet's balance is too low to pay this invoice.");
  }
  if (name === "PaymentRejectedByDestination") {
    return say(
      "payment_failed",
      "The payee rejected the payment: the invoice is unknown, already paid, expired, or the amount is wrong.",
    );
  }
  if (
    /Pathfinding|PayableRoute|PaymentAttemptsTimedOut|PaymentExecutionCanceled|UnexpectedPaymentError/.test(
      name,
    )
  ) {
    return say("payment_failed", `The payment failed: ${details || name}.`);
  }
  if (/^Expected/.test(name) && Array.isArray(err) && err[0] === 400) {
    return say("invalid_request", `Could not ${action}: invalid request (${name}).`);
  }
  return say(fallback, `Could not ${action}: ${details || name || "unknown error"}.`);
}
