import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { simnetAdmin } from "../src/admin-client";
import { encodeInvoice } from "../src/invoice-codec";

/**
 * How many invoices per second the simnet creates for a gateway: the real ln-service client over
 * TLS gRPC (AddInvoice), ~32 calls in flight, against a simnet in its own process (port 0, temp
 * dir). Also the simnet's own CPU time per invoice — on a 2-core box the ln-service client (it
 * recovers the node key from every invoice it gets back) is the larger share — and BOLT11 signing
 * alone, and the same AddInvoice through ln-service's grpc-js client without its createInvoice
 * wrapper (what the simnet can serve when the client is cheaper). Env: BENCH_SECONDS (5), BENCH_IN_FLIGHT (32), BENCH_CLIENTS (client threads, 2),
 * BENCH_SIMNET_NODE_ARGS (node flags for the simnet process, e.g. "--cpu-prof").
 */

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const inFlight = Number(process.env.BENCH_IN_FLIGHT ?? 32);
const clients = Number(process.env.BENCH_CLIENTS ?? 2);

function summary(label: string, count: number, elapsedMs: number, latenciesMs: number[]): string {
  latenciesMs.sort((a, b) => a - b);
  const at = (q: number) =>
    latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(q * latenciesMs.length))] ?? 0;
  const rate = Math.round((count / elapsedMs) * 1000);
  return `${label}: ${rate}/s (p50 ${at(0.5).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms)`;
}

function startSimnetProcess(
  dataDir: string,
): Promise<{ child: ChildProcess; adminUrl: string; adminToken: string }> {
  const extra = (process.env.BENCH_SIMNET_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = fork(join(import.meta.dirname, "simnet-process.ts"), [dataDir], {
    execArgv: [...extra, "--import", "tsx"],
  });
  return new Promise((ok, fail) => {
    child.once("exit", (code) => fail(new Error(`simnet process exited early (${code})`)));
    child.once("message", (m) => ok({ child, ...(m as { adminUrl: string; adminToken: string }) }));
  });
}

const ask = <T>(child: ChildProcess, message: string): Promise<T> =>
  new Promise((ok) => {
    child.once("message", (m) => ok(m as T));
    child.send(message);
  });

async function benchCreateInvoice(
  child: ChildProcess,
  adminUrl: string,
  adminToken: string,
  raw: boolean,
): Promise<string[]> {
  const creds = await simnetAdmin(adminUrl, adminToken).createNode("bench");
  const startAt = Date.now() + 3_000; // after every thread's warm-up
  const deadline = startAt + seconds * 1000;
  const workers = Array.from({ length: clients }, (_, i) => {
    const worker = new Worker(join(import.meta.dirname, "load-worker.mjs"), {
      workerData: {
        socket: creds.socket,
        cert: creds.tlsCert,
        macaroon: creds.macaroon,
        inFlight: Math.floor(inFlight / clients) + (i < inFlight % clients ? 1 : 0),
        startAt,
        deadline,
        raw,
      },
    });
    return new Promise<number[]>((ok, fail) => {
      worker.once("message", ok);
      worker.once("error", fail);
    });
  });
  await new Promise((ok) => setTimeout(ok, startAt - Date.now()));
  child.send("mark");
  const clientMark = process.cpuUsage(); // covers the client threads too
  const latencies = (await Promise.all(workers)).flat();
  const clientCpu = process.cpuUsage(clientMark);
  const { cpuMicros } = await ask<{ cpuMicros: number }>(child, "report");
  const perInvoice = cpuMicros / latencies.length;
  const clientPerInvoice = (clientCpu.user + clientCpu.system) / latencies.length;
  return [
    summary(
      raw ? "AddInvoice via raw gRPC" : "createInvoice via ln-service",
      latencies.length,
      seconds * 1000,
      latencies,
    ),
    `simnet CPU per invoice: ${Math.round(perInvoice)} µs (≈ ${Math.round(1e6 / perInvoice)} invoices/s per core)`,
    `${raw ? "gRPC" : "ln-service"} client CPU per invoice: ${Math.round(clientPerInvoice)} µs (≈ ${Math.round(1e6 / clientPerInvoice)}/s per core)`,
  ];
}

function benchSigning(): string {
  const privateKeyHex = randomBytes(32).toString("hex");
  const sign = () =>
    encodeInvoice({
      privateKeyHex,
      valueMsat: 21_000n,
      paymentHash: randomBytes(32).toString("hex"),
      paymentAddr: randomBytes(32).toString("hex"),
      memo: "bench challenge",
      createdAt: Math.floor(Date.now() / 1000),
      expirySeconds: 600,
      cltvExpiry: 80,
    });
  for (let i = 0; i < 500; i++) sign();
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + Math.min(seconds, 3) * 1000;
  while (performance.now() < deadline) {
    const t0 = performance.now();
    sign();
    latencies.push(performance.now() - t0);
  }
  return summary("BOLT11 signing alone", latencies.length, performance.now() - started, latencies);
}

const dataDir = mkdtempSync(join(tmpdir(), "simnet-bench-"));
const { child, adminUrl, adminToken } = await startSimnetProcess(dataDir);
console.error(`simnet pid ${child.pid}`);
process.on("exit", () => child.kill()); // never leave a simnet behind, even after a crash
console.log(`node: ${process.version}`); // figures from different runtimes are not comparable
try {
  for (const line of await benchCreateInvoice(child, adminUrl, adminToken, false)) console.log(line);
  for (const line of await benchCreateInvoice(child, adminUrl, adminToken, true)) console.log(line);
} finally {
  const exited = new Promise((ok) => child.once("exit", ok));
  child.send("stop");
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(benchSigning());
