import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Serves a Next route handler over real HTTP on loopback, so tests send what a script sends
 * (headers, methods, raw bodies) through a socket rather than a hand-built Request object.
 */
export async function serveRouteHandler(handler: (req: Request) => Promise<Response>) {
  const server = createServer(async (incoming, out) => {
    try {
      const response = await handler(await toRequest(incoming));
      out.writeHead(response.status, Object.fromEntries(response.headers));
      out.end(Buffer.from(await response.arrayBuffer()));
    } catch (err) {
      // A handler that throws is a bug the test should see as a 500, never a hang.
      out.writeHead(500, { "content-type": "text/plain" });
      out.end(`handler threw: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { origin, close };
}

async function toRequest(incoming: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const method = incoming.method ?? "GET";
  const body = method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks);
  return new Request(`http://${incoming.headers.host}${incoming.url}`, { method, headers, body });
}
