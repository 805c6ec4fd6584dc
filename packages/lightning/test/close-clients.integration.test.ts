/**
 * closeLndClients never pulls a gRPC channel out from under an ln-service call that is still
 * retrying. ln-service's getInvoices retries a failed listInvoices on its own timers (async/retry),
 * after our withTimeout has already given up; a channel closed under such a retry makes grpc-js
 * throw "Channel has been shut down" from a timer, an uncaught exception that ends the process
 * (seen at the end of gateway test files whose stack had a dead node).
 */
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { test } from "node:test";
import { getInvoices } from "ln-service";
import { closeLndClients, lndFor, withTimeout } from "../src/lnd-client";

async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test("closing the clients while a timed-out call is still retrying throws nothing from a timer", async () => {
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);
  process.on("uncaughtException", onUncaught);
  try {
    for (let round = 0; round < 5; round++) {
      const lnd = lndFor({ socket: `127.0.0.1:${await deadPort()}`, macaroon: "0201036c6e640258030a10" });
      // Gives up at once; ln-service goes on retrying behind it.
      await assert.rejects(withTimeout(getInvoices({ lnd, limit: 1 }), 1, "read invoices"), {
        code: "timeout",
      });
      await closeLndClients();
    }
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(
      uncaught.map((e) => String(e)),
      [],
    );
  } finally {
    process.off("uncaughtException", onUncaught);
  }
});
