import { createServer, type Server, type Socket } from "node:net";
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from "@electric-sql/pglite-socket";
import { ClientCycleQueue } from "./client-cycle-queue";

export type WireServer = { port: number; stop(): Promise<void> };

/**
 * Serves one PGlite over the Postgres wire protocol to many clients. pglite-socket's
 * PGLiteSocketHandler frames each connection's messages; the ClientCycleQueue decides whose
 * messages the single backend runs (its reason is at its top). pglite-socket's own
 * PGLiteSocketServer is not used because its queue cannot be replaced.
 */
export async function serveWire(
  db: PGlite,
  { host, port, maxConnections }: { host: string; port: number; maxConnections: number },
): Promise<WireServer> {
  await db.waitReady;
  // The handler's option type names pglite-socket's private queue class; ours has its interface.
  const queryQueue = new ClientCycleQueue(db) as unknown as PGLiteSocketHandlerOptions["queryQueue"];
  const handlers = new Set<PGLiteSocketHandler>();
  const server: Server = createServer((socket: Socket) => {
    if (handlers.size >= maxConnections) {
      socket.end("Too many connections\n");
      return;
    }
    const handler = new PGLiteSocketHandler({ queryQueue, closeOnDetach: true });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener("error", forget);
    handler.addEventListener("close", forget);
    handler.attach(socket).catch(() => {
      forget();
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address !== "object") throw new Error("embedded Postgres: no TCP address");
  return {
    port: address.port,
    async stop() {
      await Promise.all([...handlers].map((handler) => handler.detach(true)));
      handlers.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
