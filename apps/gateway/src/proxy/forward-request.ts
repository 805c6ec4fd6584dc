/**
 * Sends one request to the upstream and streams the answer back. Bodies stream both ways (never
 * buffered); redirects are passed to the client, never followed; nothing is retried, so a POST
 * reaches the upstream at most once. Failures become JSON 502/504 for the client and an outcome
 * the caller uses to give a paid call's credit back.
 */
import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Writable } from "node:stream";
import type { Pool } from "undici";
import { sendError } from "../http/send-error";
import { buildClientHeaders } from "./forward-headers";

export type ProxyOutcome =
  /** The upstream answered; `failed` when it was a 5xx. */
  | { status: number; failed: boolean; error?: undefined; compensated?: boolean }
  /** No usable answer: refused, unreachable, timed out, or the client went away. */
  | {
      status: number;
      failed: true;
      error:
        | "upstream_forbidden"
        | "upstream_unreachable"
        | "upstream_timeout"
        | "client_closed"
        | "upstream_aborted";
      /** Set when nothing was sent yet: the caller answers with sendProxyFailure (after any refund). */
      message?: string;
      compensated?: undefined;
    };

export interface ForwardArgs {
  pool: Pool;
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  /**
   * Runs when the upstream answers 5xx; the response ends only after it settles. The paywall gives
   * the call back here, so a client retrying the moment it reads the 5xx finds its credit.
   */
  onFailedAnswer?: () => Promise<void>;
}

/** Streams into `out` but ends it only once `before` settled. */
function endAfter(out: ServerResponse, before: Promise<void>): Writable {
  return new Writable({
    write(chunk, encoding, callback) {
      if (out.write(chunk, encoding)) callback();
      else out.once("drain", () => callback());
    },
    final(callback) {
      before.finally(() => out.end(() => callback()));
    },
    destroy(err, callback) {
      if (err) out.destroy(err);
      callback(err);
    },
  });
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

function classify(err: unknown): {
  status: number;
  error: Exclude<ProxyOutcome["error"], undefined>;
  message: string;
} {
  const code = (err as { code?: string } | null)?.code ?? "";
  if (code === "EFORBIDDENADDRESS") {
    return {
      status: 502,
      error: "upstream_forbidden",
      message: "The upstream resolves to a non-public address.",
    };
  }
  if (
    code === "UND_ERR_CONNECT_TIMEOUT" ||
    code === "UND_ERR_HEADERS_TIMEOUT" ||
    code === "UND_ERR_BODY_TIMEOUT"
  ) {
    return { status: 504, error: "upstream_timeout", message: "The upstream did not answer in time." };
  }
  return { status: 502, error: "upstream_unreachable", message: "The upstream could not be reached." };
}

/**
 * undici accepts an EventEmitter with `aborted` as a request signal. One per request costs far less
 * than an AbortController (an EventTarget, an AbortSignal, listeners, an Event on abort), which
 * showed up as ~6% of the gateway's CPU per proxied request.
 */
class ClientCloseSignal extends EventEmitter {
  aborted = false;
  /** Set once the upstream exchange is over: a close after that is a normal end, not an abort. */
  settled = false;
  fire(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit("abort");
  }
  /** The response's close listener. (Returned unnamed: a named closure per request costs a defineProperty under tsx.) */
  closeListener(): () => void {
    return () => {
      if (!this.settled) this.fire();
    };
  }
}

/** Answers a failed proxy attempt that sent nothing yet. */
export function sendProxyFailure(res: ServerResponse, outcome: ProxyOutcome): void {
  if (outcome.error && outcome.message && !res.headersSent)
    sendError(res, outcome.status, outcome.error, outcome.message);
}

export async function forwardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  args: ForwardArgs,
): Promise<ProxyOutcome> {
  let status = 0;
  let compensated = false;
  const abort = new ClientCloseSignal();
  // The client's side closing (also after its request body failed to parse) before the upstream
  // exchange completed means nobody wants the answer: abort, so no upstream request waits for a
  // body forever. (Not on the body stream's own errors: undici destroys it when a connect fails.)
  const onClose = abort.closeListener();
  res.once("close", onClose);
  try {
    await args.pool.stream(
      {
        method: args.method as "GET",
        path: args.path,
        headers: args.headers,
        body: hasBody(req) ? req : null,
        signal: abort,
        opaque: res,
      },
      ({ statusCode, headers, opaque }) => {
        const out = opaque as ServerResponse;
        status = statusCode;
        out.writeHead(statusCode, buildClientHeaders(headers as Record<string, string | string[]>));
        if (statusCode >= 500 && args.onFailedAnswer) {
          compensated = true;
          return endAfter(out, args.onFailedAnswer());
        }
        return out;
      },
    );
    abort.settled = true;
    return { status, failed: status >= 500, compensated };
  } catch (err) {
    abort.settled = true;
    if (abort.aborted) return { status: 499, failed: true, error: "client_closed" };
    if (res.headersSent) {
      // The head went out; the body broke midway. All we can do is cut the connection.
      res.destroy();
      return { status, failed: true, error: "upstream_aborted" };
    }
    const failure = classify(err);
    return { status: failure.status, failed: true, error: failure.error, message: failure.message };
  } finally {
    res.off("close", onClose);
  }
}
