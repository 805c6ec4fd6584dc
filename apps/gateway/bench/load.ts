/** One load run: wrk when installed (fastest client), else autocannon from npm. */
import { spawn, spawnSync } from "node:child_process";

export interface LoadResult {
  tool: "wrk" | "autocannon";
  rps: number;
  /** Requests completed in the run. */
  requests: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  connections: number;
  durationS: number;
  headers?: Record<string, string>;
}

export const hasWrk = spawnSync("wrk", ["--version"]).error === undefined;

function toMs(value: string, unit: string): number {
  const n = Number(value);
  return unit === "us" ? n / 1000 : unit === "s" ? n * 1000 : unit === "m" ? n * 60_000 : n;
}

async function wrk(url: string, o: LoadOptions): Promise<LoadResult> {
  const args = ["-t1", `-c${o.connections}`, `-d${o.durationS}s`, "--latency"];
  for (const [k, v] of Object.entries(o.headers ?? {})) args.push("-H", `${k}: ${v}`);
  args.push(url);
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn("wrk", args);
    let text = "";
    child.stdout.on("data", (c: Buffer) => {
      text += c;
    });
    child.on("error", reject);
    child.on("exit", () => resolve(text));
  });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const p50 = /\s50%\s+([\d.]+)(us|ms|s|m)/.exec(out);
  const p99 = /\s99%\s+([\d.]+)(us|ms|s|m)/.exec(out);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    tool: "wrk",
    rps,
    requests,
    p50Ms: p50 ? toMs(p50[1]!, p50[2]!) : Number.NaN,
    p99Ms: p99 ? toMs(p99[1]!, p99[2]!) : Number.NaN,
    non2xx,
    errors: errors ? errors.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
  };
}

/** autocannon at saturation, or at a fixed overall rate when `rate` is given. */
async function cannon(url: string, o: LoadOptions, rate?: number): Promise<LoadResult> {
  const { default: autocannon } = await import("autocannon");
  const r = await autocannon({
    url,
    connections: o.connections,
    duration: o.durationS,
    headers: o.headers,
    ...(rate === undefined ? {} : { overallRate: rate }),
  });
  return {
    tool: "autocannon",
    rps: r.requests.average,
    requests: r.requests.total,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

/** A fixed-rate run (autocannon's overallRate): latency at moderate load rather than at saturation. */
export function runFixedRate(url: string, o: LoadOptions & { rate: number }): Promise<LoadResult> {
  return cannon(url, o, o.rate);
}

export function runLoad(url: string, o: LoadOptions): Promise<LoadResult> {
  return hasWrk ? wrk(url, o) : cannon(url, o);
}
