/** The bench's upstream: a 1 KB JSON answer on every path, keep-alive. Prints its port. */
import { createServer } from "node:http";

const body = JSON.stringify({ ok: true, data: "x".repeat(1000) });
const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => process.exit(0));
