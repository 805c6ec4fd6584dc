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

/** CPU ms of every Postgres server process on this machine, or NaN when none is visible. */
export function postgresCpuMs(): number {
  let total = 0;
  let found = false;
  for (const pid of allPids()) {
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (!cmd.startsWith("postgres")) continue;
    const stat = readStat(pid);
    if (stat) {
      total += stat.cpuMs;
      found = true;
    }
  }
  return found ? total : Number.NaN;
}
