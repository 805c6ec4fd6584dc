import type { ApiHealth } from "@tollbooth/contract";
import { timeAgo } from "@/lib/format";

function percent(share: number | null): string {
  if (share === null) return "–";
  // 99.95 % must not read as 100 %: one decimal, floored.
  return `${(Math.floor(share * 1000) / 10).toFixed(share === 1 ? 0 : 1)} %`;
}

/** The upstream's health from the gateways' periodic checks: state and uptime 24 h / 30 d. */
export function HealthStatus({ health, now }: { health: ApiHealth; now: number }) {
  if (health.checked_at === null) {
    return (
      <p className="flex items-center gap-2 text-xs text-zinc-500" data-testid="health-status">
        <span className="h-2 w-2 rounded-full bg-zinc-300" aria-hidden="true" />
        Upstream health: no checks yet
      </p>
    );
  }
  const tone =
    health.status === "up" ? "bg-emerald-500" : health.status === "down" ? "bg-red-500" : "bg-zinc-300";
  const label = health.status === "up" ? "Up" : health.status === "down" ? "Down" : "Checking";
  return (
    <p
      className="flex flex-wrap items-center gap-x-2 text-xs text-zinc-600"
      data-testid="health-status"
      data-status={health.status}
    >
      <span className={`h-2 w-2 rounded-full ${tone}`} aria-hidden="true" />
      <span className={health.status === "down" ? "font-medium text-red-700" : "font-medium"}>
        Upstream {label.toLowerCase()}
      </span>
      <span className="text-zinc-400">·</span>
      <span>uptime {percent(health.uptime_24h)} (24 h)</span>
      <span>{percent(health.uptime_30d)} (30 d)</span>
      {health.latency_p50_ms !== null && (
        <>
          <span className="text-zinc-400">·</span>
          <span>p50 {health.latency_p50_ms} ms</span>
        </>
      )}
      <span className="text-zinc-400">·</span>
      <span>{timeAgo(health.checked_at, now)}</span>
    </p>
  );
}
