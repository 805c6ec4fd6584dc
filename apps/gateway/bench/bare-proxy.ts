/**
 * The bench's yardsticks: the least a Node reverse proxy does — node:http in, an undici Pool out,
 * bodies streamed, nothing else. Prints its port.
 *
 *   bare-proxy.ts <upstream> stream    undici's pool.stream: the usual way, and the yardstick the
 *                                      gateway's targets are measured against;
 *   bare-proxy.ts <upstream> dispatch  undici's lower-level pool.dispatch with a handler object,
 *                                      which the gateway itself uses: the fastest bare proxy we
 *                                      know how to write in Node, shown so the gateway's own
 *                                      overhead is visible too.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type Dispatcher, Pool } from "undici";

const upstream = process.argv[2] ?? "http://127.0.0.1:8080";
const api = process.argv[3] ?? "stream";
const pool = new Pool(upstream, { connections: 256, pipelining: 1, keepAliveTimeout: 60_000 });

function upstreamHeaders(req: IncomingMessage): Record<string, string | string[]> {
  const headers = { ...req.headers } as Record<string, string | string[]>;
  delete headers.connection;
  delete headers.host;
  return headers;
}

function clientHeaders(h: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const clean = { ...h } as Record<string, string | string[]>;
  delete clean.connection;
  delete clean["keep-alive"];
  delete clean["transfer-encoding"];
  return clean;
}

function failed(res: ServerResponse): void {
  if (!res.headersSent) res.writeHead(502);
  res.end();
}

function viaStream(req: IncomingMessage, res: ServerResponse): void {
  pool
    .stream(
      {
        method: (req.method ?? "GET") as "GET",
        path: req.url ?? "/",
        headers: upstreamHeaders(req),
        opaque: res,
      },
      ({ statusCode, headers, opaque }) => {
        const out = opaque as ServerResponse;
        out.writeHead(statusCode, clientHeaders(headers));
        return out;
      },
    )
    .catch(() => failed(res));
}

class Exchange implements Dispatcher.DispatchHandler {
  constructor(private readonly res: ServerResponse) {}
  // undici tells handler styles apart by this method: without it, the object is taken for the
  // older onConnect/onHeaders style.
  onRequestStart(): void {}
  onResponseStart(
    _c: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (statusCode >= 200) this.res.writeHead(statusCode, clientHeaders(headers));
  }
  onResponseData(c: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.res.write(chunk)) {
      c.pause();
      this.res.once("drain", () => c.resume());
    }
  }
  onResponseEnd(): void {
    this.res.end();
  }
  onResponseError(): void {
    failed(this.res);
  }
}

function viaDispatch(req: IncomingMessage, res: ServerResponse): void {
  pool.dispatch(
    { method: (req.method ?? "GET") as "GET", path: req.url ?? "/", headers: upstreamHeaders(req) },
    new Exchange(res),
  );
}

if (api !== "stream" && api !== "dispatch") throw new Error(`unknown proxy api "${api}"`);
const server = createServer(api === "stream" ? viaStream : viaDispatch);
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => process.exit(0));
