/**
 * CPU time used by processes (all their threads), from /proc: per-request CPU is a steadier
 * figure than req/s on a small shared machine, where the load generator, upstream, Postgres and
 * the proxy under test compete for the same cores. Linux only; elsewhere every reading is NaN.
 */
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

interface ProcStat {
  pid: number;
  ppid: number;
  cpuMs: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may contain spaces and parentheses: fields start after the last ") ".
    const fields = text.slice(text.lastIndexOf(") ") + 2).split(" ");
    return { pid, ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
  } catch {
    return null;
  }
}

function allPids(): number[] {
  try {
    return readdirSync("/proc")
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
}

/** CPU ms of these processes and their direct children (nginx's workers), or NaN off Linux. */
export function processTreeCpuMs(pids: readonly number[]): number {
  const wanted = new Set(pids);
  let total = 0;
  let found = false;
  for (const pid of allPids()) {
    const stat = readStat(pid);
    if (stat && (wanted.has(stat.pid) || wanted.has(stat.ppid))) {
      total += stat.cpuMs;
      found = true;
    }
  }
  return found ? total : Number.NaN;
}

/** CPU ms of each Postgres server process on this machine, by pid (empty when none is visible). */
export function postgresCpuByPid(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const pid of allPids()) {
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (!cmd.startsWith("postgres")) continue;
    const stat = readStat(pid);
    if (stat) byPid.set(pid, stat.cpuMs);
  }
  return byPid;
}

/**
 * Postgres CPU ms spent between two readings: per process, so a backend that exits in between
 * does not make the total go down (its last share is lost; a new one counts from zero). NaN when
 * no Postgres process is visible (the embedded one runs inside the bench).
 */
export function postgresCpuSince(before: Map<number, number>): number {
  const after = postgresCpuByPid();
  if (after.size === 0) return Number.NaN;
  let total = 0;
  for (const [pid, ms] of after) total += Math.max(0, ms - (before.get(pid) ?? 0));
  return total;
}
