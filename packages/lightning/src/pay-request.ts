/// <reference path="./ln-service.d.ts" />
import {
  type AuthenticatedLnd,
  type SubscribeToPayViaRequestConfirmedEvent,
  type SubscribeToPayViaRequestFailedEvent,
  subscribeToPayViaRequest,
} from "ln-service";

/**
 * ln-service's `pay`, settled exactly once. `pay` resolves on the "confirmed" event but keeps
 * listening for "error"; if the node drops the stream before its final status (a restart right
 * after a payment), it calls its callback a second time and throws an uncaught exception that
 * would take the whole process down. Here the first outcome wins and later events are ignored.
 * Failures are rejected in ln-service's `[code, name]` shape so the usual error mapping applies.
 */
export function payRequest(args: {
  lnd: AuthenticatedLnd;
  request: string;
  maxFeeSats: number;
}): Promise<SubscribeToPayViaRequestConfirmedEvent> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const once =
      <T>(fn: (value: T) => void) =>
      (value: T) => {
        if (settled) return;
        settled = true;
        fn(value);
      };
    const sub = subscribeToPayViaRequest({ lnd: args.lnd, request: args.request, max_fee: args.maxFeeSats });
    sub.on("confirmed", once(resolve));
    sub.on(
      "failed",
      once((failed: SubscribeToPayViaRequestFailedEvent) => reject([503, failureName(failed)])),
    );
    // Stays attached after the outcome so a late stream error has somewhere harmless to go.
    sub.on("error", once(reject));
  });
}

// The names ln-service's own `pay` uses, so a failure reads the same either way.
function failureName(failed: SubscribeToPayViaRequestFailedEvent): string {
  if (failed.is_canceled) return "PaymentExecutionCanceled";
  if (failed.is_insufficient_balance) return "InsufficientBalanceToAttemptPayment";
  if (failed.is_invalid_payment) return "PaymentRejectedByDestination";
  if (failed.is_pathfinding_timeout) return "PaymentAttemptsTimedOut";
  if (failed.is_route_not_found) return "PaymentPathfindingFailedToFindPossibleRoute";
  return "FailedToFindPayableRouteToDestination";
}
