/** Loopback upstreams for tests: an echo API with a few misbehaving routes, and a canary. */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { createServer as createTcpServer, type Server as TcpServer } from "node:net";
import { HEALTH_CHECK_USER_AGENT } from "@tollbooth/contract";

export interface EchoUpstream {
  server: Server;
  port: number;
  url: string;
  /** Requests received, in order (method, url, headers, body length). */
  seen: Array<{ method: string; url: string; headers: IncomingMessage["headers"]; bodyBytes: number }>;
  /** Requests whose connection closed before the upstream answered (the proxy gave up on them). */
  abandoned: number;
  close(): Promise<void>;
}

export async function listen(server: Server | TcpServer, host = "127.0.0.1"): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

export function closeServer(server: Server | TcpServer): Promise<void> {
  if ("closeAllConnections" in server) server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function startEchoUpstream(options: { redirectTo?: string } = {}): Promise<EchoUpstream> {
  const seen: EchoUpstream["seen"] = [];
  let abandoned = 0;
  const server = createServer((req, res) => {
    res.on("close", () => {
      if (!res.writableEnded) abandoned++;
    });
    let bodyBytes = 0;
    req.on("data", (chunk: Buffer) => {
      bodyBytes += chunk.length;
    });
    req.on("end", () => {
      const url = req.url ?? "/";
      // A gateway's health check is not a call (a gateway on a shared database checks every
      // published API, this one too): `seen` holds what clients sent through the gateway.
      if (req.headers["user-agent"] !== HEALTH_CHECK_USER_AGENT) {
        seen.push({ method: req.method ?? "", url, headers: req.headers, bodyBytes });
      }
      const route = url.replace(/^\/base(?=\/)/, "");
      if (route.startsWith("/status/")) {
        const status = Number(route.slice(8, 11));
        // A 402 carries a payment demand of the upstream's own, as an L402 server would send it.
        const demand =
          status === 402
            ? {
                "www-authenticate":
                  'L402 macaroon="AGIAJEemVQUTEyNCR0exk7ek90Cg==", invoice="lnbcrt10n1upstream"',
              }
            : {};
        res.writeHead(status, { "content-type": "application/json", ...demand });
        res.end(JSON.stringify({ status }));
        return;
      }
      if (route.startsWith("/slow")) return; // never answers: the gateway's timeout must fire
      if (route.startsWith("/delay/")) {
        setTimeout(
          () => {
            res.writeHead(200, { "content-type": "application/json" });
            res.end(JSON.stringify({ ok: true, delayed: true }));
          },
          Number(route.slice(7).split(/[/?]/)[0]) || 0,
        );
        return;
      }
      if (route.startsWith("/redirect") && options.redirectTo) {
        res.writeHead(302, { location: options.redirectTo });
        res.end();
        return;
      }
      if (route.startsWith("/cookies")) {
        // A hostile upstream: cookies for the parent domain and headers aimed at the gateway's origin.
        res.writeHead(200, {
          "content-type": "application/json",
          "set-cookie": [
            "host_only=1; Path=/; HttpOnly",
            "parent=1; Domain=gw.localhost; Path=/",
            "dotted=1; Path=/; domain=.localhost",
            "spaced=1 ; Secure ;  DOMAIN = localhost",
            "scoped=1; Path=/inner",
          ],
          "clear-site-data": '"cookies", "storage"',
          "service-worker-allowed": "/",
          "alt-svc": 'h2="evil.example:443"',
          "strict-transport-security": "max-age=31536000; includeSubDomains",
          "x-upstream": "cookies",
        });
        res.end("{}");
        return;
      }
      if (route.startsWith("/big")) {
        res.writeHead(200, {
          "content-type": "application/octet-stream",
          connection: "keep-alive, x-hop",
          "x-hop": "1",
        });
        const chunk = Buffer.alloc(64 * 1024, 97);
        for (let i = 0; i < 32; i++) res.write(chunk);
        res.end();
        return;
      }
      const body = JSON.stringify({ ok: true, method: req.method, url, headers: req.headers, bodyBytes });
      res.writeHead(200, { "content-type": "application/json", "x-upstream": "echo" });
      res.end(body);
    });
  });
  const port = await listen(server);
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    seen,
    get abandoned() {
      return abandoned;
    },
    close: () => closeServer(server),
  };
}

export interface Canary {
  port: number;
  connections: number;
  close(): Promise<void>;
}

/** A TCP listener that only counts connections: any connection at all is an SSRF escape. */
export async function startCanary(): Promise<Canary> {
  const canary = { port: 0, connections: 0, close: async () => {} } as Canary;
  const server = createTcpServer((socket) => {
    canary.connections++;
    socket.destroy();
  });
  canary.port = await listen(server);
  canary.close = () => closeServer(server);
  return canary;
}
