/**
 * The bench's yardstick: the least a Node reverse proxy does — node:http in, an undici Pool out,
 * bodies streamed, nothing else. The gateway is measured against it. Prints its port.
 */
import { createServer } from "node:http";
import { Pool } from "undici";

const upstream = process.argv[2] ?? "http://127.0.0.1:8080";
const pool = new Pool(upstream, { connections: 256, pipelining: 1, keepAliveTimeout: 60_000 });
const server = createServer((req, res) => {
  const headers = { ...req.headers };
  delete headers.connection;
  delete headers.host;
  pool
    .stream(
      { method: (req.method ?? "GET") as "GET", path: req.url ?? "/", headers, body: null, opaque: res },
      ({ statusCode, headers: h, opaque }) => {
        const out = opaque as typeof res;
        const clean = { ...h };
        delete clean.connection;
        delete clean["keep-alive"];
        delete clean["transfer-encoding"];
        out.writeHead(statusCode, clean as Record<string, string>);
        return out;
      },
    )
    .catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => process.exit(0));
