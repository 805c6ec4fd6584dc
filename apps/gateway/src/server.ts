/**
 * The gateway process: read the environment, listen, shut down gracefully. With GATEWAY_WORKERS
 * > 1 the primary forks that many workers sharing the tenant port (node:cluster); the admin port
 * is served by the first worker only. SIGTERM/SIGINT: stop accepting, finish in-flight requests,
 * flush metering, exit 0.
 */
import cluster from "node:cluster";
import type { KeyObject } from "node:crypto";
import { closeLndClients } from "@tollbooth/lightning";
import { ReceiptKeyError, receiptKeyFromEnv } from "@tollbooth/receipts";
import { optionsFromEnv, parseGatewayEnv } from "./config/env";
import { startGateway } from "./gateway";
import { createLogger } from "./ops/logger";
import { applyYoungGeneration } from "./ops/young-generation";

applyYoungGeneration();

const env = parseGatewayEnv(process.env);
const logger = createLogger({ level: env.LOG_LEVEL });

// Required in production (refused here, in one sentence naming the variable, never its value).
let receiptKey: KeyObject | null = null;
try {
  receiptKey = receiptKeyFromEnv(process.env);
} catch (err) {
  if (!(err instanceof ReceiptKeyError)) throw err;
  logger.fatal(err.message);
  process.exit(1);
}
if (!receiptKey && cluster.isPrimary) {
  logger.warn("TOLLBOOTH_RECEIPT_KEY is not set: this gateway signs no receipts (npm start sets one).");
}

async function runPrimary(workers: number): Promise<void> {
  logger.info({ workers }, "starting gateway workers");
  let stopping = false;
  const indexOf = new Map<number, number>();
  const fork = (index: number) =>
    indexOf.set(cluster.fork({ GATEWAY_WORKER_INDEX: String(index) }).id, index);
  for (let i = 0; i < workers; i++) fork(i);
  cluster.on("exit", (worker, code) => {
    const index = indexOf.get(worker.id) ?? 1;
    indexOf.delete(worker.id);
    if (stopping) {
      if (indexOf.size === 0) process.exit(0);
      return;
    }
    logger.error({ pid: worker.process.pid, code }, "gateway worker died; starting another");
    fork(index);
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    if (indexOf.size === 0) process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

async function runGateway(): Promise<void> {
  const options = optionsFromEnv(env);
  const workerIndex = Number(process.env.GATEWAY_WORKER_INDEX ?? 0);
  const gateway = await startGateway({
    ...options,
    // Only one process may bind the admin port; other workers take an ephemeral loopback one.
    adminPort: workerIndex === 0 ? options.adminPort : 0,
    receiptKey,
    logger: logger.child({ worker: workerIndex }),
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    await gateway.stop();
    await closeLndClients();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

if (cluster.isPrimary && env.GATEWAY_WORKERS > 1) {
  await runPrimary(env.GATEWAY_WORKERS);
} else {
  await runGateway().catch((err: unknown) => {
    logger.fatal({ err: String(err) }, "gateway failed to start");
    process.exit(1);
  });
}
