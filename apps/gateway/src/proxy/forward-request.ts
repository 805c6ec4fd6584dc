/**
 * Sends one request to the upstream and streams the answer back. Bodies stream both ways (never
 * buffered); redirects are passed to the client, never followed; nothing is retried, so a POST
 * reaches the upstream at most once. Failures become JSON 502/504 for the client and an outcome
 * the caller uses to give a paid call's credit back.
 *
 * Built on undici's `dispatch` with one handler object per request rather than `pool.stream`:
 * stream adds an AsyncResource, a promise, an end-of-stream watcher on the response and an abort
 * signal per request. A bare proxy written each way (bench/bare-proxy.ts) served more requests per
 * second on dispatch (figures: README, "Bench"); the client's hang-up also aborts through the
 * handler's controller for free.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Dispatcher, Pool } from "undici";
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
        | "upstream_aborted"
        | "upstream_payment_required";
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
  /** `/<slug>` for a path-style request: the tenant's cookies are scoped under it (forward-headers.ts). */
  cookiePathPrefix: string | null;
  /** The API's CORS headers for this request (http/cors.ts); they replace the upstream's. */
  cors?: Readonly<Record<string, string>>;
  /** The request body already read whole (a signed request, proxy/origin-signer.ts); else it streams. */
  body?: Buffer | null;
  /** The API's longest stream (ms): a streamed response is ended cleanly when it elapses. */
  maxStreamMs: number;
}

/** Whether the client asked for a server-sent event stream (EventSource always sends this). */
function asksForStream(req: IncomingMessage): boolean {
  const accept = req.headers.accept;
  return accept?.includes("text/event-stream") === true;
}

function isEventStream(headers: Record<string, string | string[] | undefined>): boolean {
  const type = headers["content-type"];
  return typeof type === "string" && type.toLowerCase().startsWith("text/event-stream");
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
  if (err instanceof UpstreamPaymentDemand) {
    return {
      status: 502,
      error: "upstream_payment_required",
      message:
        "The upstream asked for a payment of its own; the gateway does not pass it on, and this call is not charged.",
    };
  }
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
 * The upstream answered 402. Its payment demand (an L402 or x402 challenge with an invoice of its
 * own) must never reach a buyer who already paid the gateway: a paying client would pay it too.
 */
class UpstreamPaymentDemand extends Error {
  constructor() {
    super("the upstream answered 402");
  }
}

class ClientClosedError extends Error {
  constructor() {
    super("the client closed the connection");
  }
}

/** The API's longest stream elapsed: the gateway ends the stream (not a failure of the upstream). */
class StreamLimitReached extends Error {
  constructor() {
    super("the stream reached the API's maximum duration");
  }
}

/**
 * One upstream exchange: undici calls it as the answer arrives, and it writes to the client's
 * response. Methods rather than closures: under tsx every named closure per request also costs a
 * defineProperty call.
 */
class UpstreamExchange implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | null = null;
  /** The client went away before the exchange ended. */
  private clientClosed = false;
  private settled = false;
  private status = 0;
  private refund: Promise<void> | null = null;
  /** The stream-limit timer, only for streamed responses (never on an ordinary exchange). */
  private streamTimer: NodeJS.Timeout | null = null;
  private streamLimited = false;
  /** The response declared its length: it cannot be ended early cleanly, only cut. */
  private lengthDeclared = false;
  // Assigned in start(); not an arrow-function initialiser, which tsx would name per instance.
  private resolve!: (outcome: ProxyOutcome) => void;

  constructor(
    private readonly res: ServerResponse,
    private readonly onFailedAnswer: (() => Promise<void>) | undefined,
    private readonly cookiePathPrefix: string | null,
    private readonly cors: Readonly<Record<string, string>> | undefined,
    /** The client asked for a stream (its request went out without the silence timeout). */
    private readonly streamRequested: boolean,
    private readonly maxStreamMs: number,
  ) {}

  start(pool: Pool, options: Dispatcher.DispatchOptions): Promise<ProxyOutcome> {
    const outcome = new Promise<ProxyOutcome>((resolve) => {
      this.resolve = resolve;
    });
    // The client's side closing (also after its request body failed to parse) before the
    // exchange ended means nobody wants the answer: abort, so no upstream request waits for a
    // body forever. 'close' fires once per response, so `on` (no once-wrapper) is enough.
    this.res.on("close", this.onClientClose.bind(this));
    pool.dispatch(options, this);
    return outcome;
  }

  private onClientClose(): void {
    if (this.settled) return;
    this.clientClosed = true;
    this.controller?.abort(new ClientClosedError());
  }

  private finish(outcome: ProxyOutcome): void {
    if (this.streamTimer) clearTimeout(this.streamTimer);
    this.settled = true;
    this.resolve(outcome);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.clientClosed) controller.abort(new ClientClosedError());
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (statusCode < 200) return; // 1xx: informational, for this hop only.
    if (statusCode === 402) {
      // Nothing of that answer goes out; the caller gives the call back and answers 502.
      controller.abort(new UpstreamPaymentDemand());
      return;
    }
    this.status = statusCode;
    try {
      this.res.writeHead(statusCode, buildClientHeaders(headers, this.cookiePathPrefix, this.cors));
    } catch (err) {
      // A head Node refuses to send (a header value it rejects): nothing went out; answer 502.
      controller.abort(err as Error);
      return;
    }
    if (statusCode >= 500 && this.onFailedAnswer) this.refund = this.onFailedAnswer();
    if (this.streamRequested || isEventStream(headers)) this.startStream(controller, headers);
  }

  /**
   * A streamed response: its head goes out now (an SSE client learns the stream is open before the
   * first event), and it runs at most the API's maxStreamMs, then is ended cleanly.
   */
  private startStream(
    controller: Dispatcher.DispatchController,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    this.lengthDeclared = headers["content-length"] !== undefined;
    this.res.flushHeaders();
    this.streamTimer = setTimeout(() => {
      this.streamLimited = true;
      controller.abort(new StreamLimitReached());
    }, this.maxStreamMs);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.res.write(chunk)) {
      controller.pause();
      this.res.once("drain", () => controller.resume());
    }
  }

  onResponseEnd(): void {
    const outcome = { status: this.status, failed: this.status >= 500, compensated: this.refund !== null };
    if (!this.refund) {
      this.res.end();
      this.finish(outcome);
      return;
    }
    // End only once the credit is back, so a client that retries on the 5xx finds it.
    this.refund.finally(() => {
      this.res.end();
      this.finish(outcome);
    });
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    if (this.streamLimited && !this.clientClosed) {
      // Chunked (as every SSE stream is): the last chunk makes it a complete answer for the client.
      if (this.lengthDeclared) this.res.destroy();
      else this.res.end();
      this.finish({ status: this.status, failed: this.status >= 500, compensated: this.refund !== null });
    } else if (this.clientClosed) {
      this.finish({ status: 499, failed: true, error: "client_closed" });
    } else if (this.res.headersSent) {
      // The head went out; the body broke midway. All we can do is cut the connection.
      this.res.destroy();
      this.finish({ status: this.status, failed: true, error: "upstream_aborted" });
    } else {
      const failure = classify(err);
      this.finish({ status: failure.status, failed: true, error: failure.error, message: failure.message });
    }
  }
}

/** Answers a failed proxy attempt that sent nothing yet. */
export function sendProxyFailure(res: ServerResponse, outcome: ProxyOutcome): void {
  if (outcome.error && outcome.message && !res.headersSent)
    sendError(res, outcome.status, outcome.error, outcome.message);
}

export function forwardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  args: ForwardArgs,
): Promise<ProxyOutcome> {
  const streamRequested = asksForStream(req);
  const exchange = new UpstreamExchange(
    res,
    args.onFailedAnswer,
    args.cookiePathPrefix,
    args.cors,
    streamRequested,
    args.maxStreamMs,
  );
  const options: Dispatcher.DispatchOptions = {
    method: args.method as Dispatcher.HttpMethod,
    path: args.path,
    headers: args.headers,
    body: args.body !== undefined ? args.body : hasBody(req) ? req : null,
  };
  // An event stream may be quiet far longer than an ordinary answer (GATEWAY_UPSTREAM_TIMEOUT_MS
  // is the longest body silence): the stream limit bounds it instead. Just past it, so the
  // gateway's clean end (startStream) always comes first.
  if (streamRequested) options.bodyTimeout = args.maxStreamMs + 1_000;
  return exchange.start(args.pool, options);
}
