"use client";

import { CopyButton } from "../ui/copy-button";
import type { GatewayAnswer } from "./try-it-api";

export type Step = { name: string; ms: number; detail: string };

/** What Try it did, in order, with each step's time. */
export function TrySteps({ steps, calling }: { steps: Step[]; calling: boolean }) {
  if (steps.length === 0) return null;
  return (
    <ol className="space-y-1.5" aria-label="Steps" data-testid="steps">
      {steps.map((s, i) => (
        <li key={s.name} className="flex items-start gap-3 text-sm">
          <span className="mt-0.5 grid h-5 w-5 shrink-0 place-items-center rounded-full bg-zinc-900 text-[11px] font-semibold text-white">
            {i + 1}
          </span>
          <span className="min-w-0 flex-1">
            <span className="block text-zinc-800">{s.name}</span>
            <span className="block text-xs text-zinc-500">{s.detail}</span>
          </span>
          <span className="shrink-0 font-mono text-xs text-zinc-500">{s.ms} ms</span>
        </li>
      ))}
      {calling && <li className="text-sm text-zinc-500">Calling with the token…</li>}
    </ol>
  );
}

/** The upstream's answer as the gateway passed it on. */
export function TryResponse({ answer }: { answer: GatewayAnswer }) {
  return (
    <div data-testid="response">
      <div className="mb-1 flex items-center justify-between">
        <span className="text-xs font-medium text-zinc-600">
          Response{" "}
          <span className={answer.status < 400 ? "text-emerald-700" : "text-red-700"}>{answer.status}</span>
        </span>
        <CopyButton text={answer.body} />
      </div>
      <pre
        className="max-h-72 overflow-auto rounded-lg bg-zinc-950 p-3 font-mono text-xs text-zinc-100"
        data-testid="response-body"
      >
        {pretty(answer.body)}
      </pre>
      {answer.truncated && <p className="mt-1 text-xs text-zinc-500">Cut at 32 KiB.</p>}
    </div>
  );
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
