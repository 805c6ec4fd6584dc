/**
 * HTTP to one LNbits instance with one API key: every request is bounded by a timeout, and every
 * new connection dials the address the caller's dial policy checked (NodeDial), never a second
 * DNS answer — the same pinning the gateway uses for LND sockets and the upstream guard for APIs.
 */
import { Agent, request, WebSocket } from "undici";
import { LightningError, type LightningErrorCode, type NodeDial } from "../backend";
import { pinnedLookup, socketOfUrl } from "../pinned-address";

export interface LnbitsCredentials {
  /** The instance's base URL, e.g. https://legend.lnbits.com (a path prefix is kept). */
  url: string;
  /** The wallet's invoice/read key (a provider) or admin key (a paying wallet). */
  key: string;
}

const KEY = /^[A-Za-z0-9_-]{16,128}$/;
const MAX_BODY = 1_000_000;

/** The base URL without a trailing slash, or a LightningError("invalid_request"). */
export function lnbitsBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(String(raw ?? "").trim());
  } catch {
    throw new LightningError(
      "invalid_request",
      "The LNbits URL must be a full URL like https://lnbits.example.com.",
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new LightningError("invalid_request", "The LNbits URL must start with https:// (or http://).");
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new LightningError("invalid_request", "The LNbits URL takes no credentials, query or fragment.");
  }
  return url;
}

function checkLnbitsKey(key: string): string {
  const trimmed = String(key ?? "").trim();
  if (!KEY.test(trimmed)) {
    throw new LightningError(
      "invalid_request",
      "An LNbits API key is the wallet's Invoice/read key: 32 hex characters from the wallet's API info.",
    );
  }
  return trimmed;
}

export interface LnbitsReply {
  status: number;
  body: unknown;
}

export class LnbitsHttp {
  readonly base: URL;
  readonly key: string;
  private readonly agent: Agent;
  private pinned: Promise<string> | null = null;
  private address: string | null = null;

  constructor(
    creds: LnbitsCredentials,
    private readonly timeoutMs: number,
    private readonly dial?: NodeDial,
  ) {
    this.base = lnbitsBaseUrl(creds.url);
    this.key = checkLnbitsKey(creds.key);
    this.agent = new Agent({
      keepAliveTimeout: 4_000,
      connect: { timeout: timeoutMs, ...(dial ? { lookup: pinnedLookup(() => this.address) } : {}) },
    });
  }

  /** Resolves and checks the host once; dropped after an unreachable call so DNS may move. */
  private async pin(): Promise<void> {
    if (!this.dial) return;
    if (!this.pinned) {
      const current = this.dial(socketOfUrl(this.base)).then((address) => {
        this.address = address;
        return address;
      });
      this.pinned = current;
      current.catch(() => {
        if (this.pinned === current) this.pinned = null;
      });
    }
    try {
      await this.pinned;
    } catch (err) {
      throw new LightningError(
        "forbidden_address",
        (err as Error).message || "The LNbits address is refused.",
      );
    }
  }

  private forget(): void {
    this.pinned = null;
  }

  url(path: string): string {
    // A URL's path is never empty ("/" at least): the prefix is kept without its trailing slash.
    return `${this.base.origin}${this.base.pathname.replace(/\/+$/, "")}${path}`;
  }

  async call(method: "GET" | "POST", path: string, action: string, body?: unknown): Promise<LnbitsReply> {
    await this.pin();
    try {
      const res = await request(this.url(path), {
        method,
        dispatcher: this.agent,
        headers: {
          "x-api-key": this.key,
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      const text = await readCapped(res.body);
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = null;
      }
      // A proxy in front of LNbits answering for it: the instance is down, not the request wrong.
      if (res.statusCode === 502 || res.statusCode === 503 || res.statusCode === 504) {
        this.forget();
        throw new LightningError(
          "unreachable",
          `LNbits is unavailable (HTTP ${res.statusCode}) to ${action}.`,
        );
      }
      return { status: res.statusCode, body: parsed };
    } catch (err) {
      if (err instanceof LightningError) throw err;
      const mapped = transportError(err, action);
      if (mapped.code === "unreachable" || mapped.code === "timeout") this.forget();
      throw mapped;
    }
  }

  /** The LNbits wallet websocket (/api/v1/ws/<key>), through the same pinned dispatcher. */
  async websocket(): Promise<WebSocket> {
    await this.pin();
    const ws = new URL(this.url(`/api/v1/ws/${this.key}`));
    ws.protocol = this.base.protocol === "https:" ? "wss:" : "ws:";
    return new WebSocket(ws, { dispatcher: this.agent });
  }

  afterUnreachable(): void {
    this.forget();
  }
}

async function readCapped(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_BODY) throw new LightningError("node_error", "LNbits answered with an oversized body.");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function transportError(err: unknown, action: string): LightningError {
  const e = err as { name?: string; code?: string; cause?: { code?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError" || e?.code === "UND_ERR_HEADERS_TIMEOUT") {
    return new LightningError("timeout", `LNbits did not answer in time to ${action}.`, err);
  }
  if (e?.code === "UND_ERR_CONNECT_TIMEOUT") {
    return new LightningError("unreachable", `LNbits could not be reached in time to ${action}.`, err);
  }
  return new LightningError("unreachable", `LNbits is not reachable to ${action}.`, err);
}

/** LNbits's error text (`detail`, or `message` in older versions), short and single-line. */
export function lnbitsDetail(body: unknown): string {
  const b = body as { detail?: unknown; message?: unknown } | null;
  const text = typeof b?.detail === "string" ? b.detail : typeof b?.message === "string" ? b.message : "";
  return text
    .replace(/\s+/g, " ")
    .replace(/[.\s]+$/, "")
    .slice(0, 200);
}

/** An HTTP error status as the backend's error code. */
export function statusError(
  reply: LnbitsReply,
  action: string,
  denied: LightningErrorCode = "unauthenticated",
): LightningError {
  const detail = lnbitsDetail(reply.body);
  const suffix = detail ? `: ${detail}` : "";
  if (reply.status === 401 || reply.status === 403) {
    return new LightningError(
      denied,
      denied === "permission_denied"
        ? `This LNbits key may not ${action}${suffix}.`
        : `LNbits refused the API key${suffix}. Copy the wallet's Invoice/read key again.`,
    );
  }
  if (reply.status === 404)
    return new LightningError("invoice_not_found", `LNbits has no such payment${suffix}.`);
  if (reply.status >= 400 && reply.status < 500) {
    return new LightningError("invalid_request", `LNbits refused to ${action}${suffix}.`);
  }
  return new LightningError("node_error", `LNbits failed to ${action} (HTTP ${reply.status})${suffix}.`);
}
