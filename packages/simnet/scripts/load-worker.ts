import { parentPort, workerData } from "node:worker_threads";
import { authenticatedLndGrpc, createInvoice } from "ln-service";

/**
 * One load generator: its own ln-service client (as one gateway process would have), `inFlight`
 * createInvoice calls at a time until the deadline. Threads, so the client side can use both cores.
 */
const { socket, cert, macaroon, inFlight, startAt, deadline, raw } = workerData as {
  raw: boolean;
  socket: string;
  cert: string;
  macaroon: string;
  inFlight: number;
  startAt: number;
  deadline: number;
};
const { lnd } = authenticatedLndGrpc({ socket, cert, macaroon });
// raw: the same TLS gRPC AddInvoice through ln-service's own grpc-js client, without its
// createInvoice wrapper (which parses the returned invoice and recovers the node key): the wire cost.
const addInvoice = (
  lnd as unknown as { default: { addInvoice: (req: object, cb: (err: unknown) => void) => void } }
).default.addInvoice.bind((lnd as unknown as { default: object }).default);
const once = raw
  ? () =>
      new Promise<void>((ok, fail) =>
        addInvoice({ value: "21", memo: "bench challenge", expiry: "600" }, (err) =>
          err ? fail(err) : ok(),
        ),
      )
  : () =>
      createInvoice({
        lnd,
        tokens: 21,
        description: "bench challenge",
        expires_at: new Date(Date.now() + 600_000).toISOString(),
      }).then(() => undefined);
for (let i = 0; i < 200; i++) await once(); // warm up TLS, HTTP/2 and both JITs
while (Date.now() < startAt) await once();
const latencies: number[] = [];
const worker = async () => {
  while (Date.now() < deadline) {
    const t0 = performance.now();
    await once();
    latencies.push(performance.now() - t0);
  }
};
await Promise.all(Array.from({ length: inFlight }, worker));
for (const service of Object.values(lnd as unknown as Record<string, { close?: () => void }>))
  service.close?.();
parentPort?.postMessage(latencies);
