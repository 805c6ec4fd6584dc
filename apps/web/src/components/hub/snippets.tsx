"use client";

import { useState } from "react";
import { snippetsFor } from "@/lib/snippets";
import { Card, CardBody, CardHeader } from "../ui/card";
import { CodeBlock } from "../ui/copy-button";
import { Select } from "../ui/field";

const TABS = [
  { id: "curl", label: "curl" },
  { id: "cli", label: "tollbooth fetch" },
  { id: "typescript", label: "TypeScript" },
  { id: "python", label: "Python" },
] as const;

export interface SnippetRoute {
  label: string;
  urls: { subdomain: string; path: string };
  method: string;
  /** the documented example request body, for methods that send one */
  body: string | null;
}

/** Snippets in four languages for the route picked (the first paid one to begin with). */
export function Snippets({ routes, defaultIndex = 0 }: { routes: SnippetRoute[]; defaultIndex?: number }) {
  const [tab, setTab] = useState<(typeof TABS)[number]["id"]>("curl");
  const [index, setIndex] = useState(defaultIndex);
  const route = routes[index] ?? routes[0];
  if (!route) return null;
  const code = snippetsFor(route.urls, route.method, { body: route.body });
  return (
    <Card>
      <CardHeader title="Call it from code" />
      <CardBody>
        {routes.length > 1 && (
          <div className="mb-3">
            <label className="sr-only" htmlFor="snippet-route">
              Route
            </label>
            <Select id="snippet-route" value={index} onChange={(e) => setIndex(Number(e.target.value))}>
              {routes.map((r, i) => (
                <option key={r.label} value={i}>
                  {r.label}
                </option>
              ))}
            </Select>
          </div>
        )}
        <div role="tablist" aria-label="Snippet language" className="mb-3 flex flex-wrap gap-1">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls="snippet-panel"
              onClick={() => setTab(t.id)}
              className={`rounded-md px-3 py-1.5 text-sm font-medium ${tab === t.id ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100"}`}
            >
              {t.label}
            </button>
          ))}
        </div>
        <div id="snippet-panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
          <CodeBlock code={code[tab]} label={TABS.find((t) => t.id === tab)?.label} />
        </div>
      </CardBody>
    </Card>
  );
}
