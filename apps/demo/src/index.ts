import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { hasApiKey, sendError } from "./http";
import { handleQuotes } from "./quotes";
import { handleWeather } from "./weather";

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

export const DEMO_APIS = { weather: handleWeather, quotes: handleQuotes } satisfies Record<string, Handler>;
export type DemoApiName = keyof typeof DEMO_APIS;

/** Starts one demo upstream. Every route but /health needs `x-api-key: <apiKey>`. */
export async function startDemoUpstream(
  name: DemoApiName,
  opts: { apiKey: string; port?: number; host?: string },
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const handle = DEMO_APIS[name];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://upstream.invalid");
    if (url.pathname !== "/health" && !hasApiKey(req, opts.apiKey)) {
      return sendError(res, 401, "missing_api_key", "This upstream needs the provider's x-api-key header.");
    }
    try {
      handle(req, res, url);
    } catch {
      sendError(res, 500, "internal", "The demo upstream failed.");
    }
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
