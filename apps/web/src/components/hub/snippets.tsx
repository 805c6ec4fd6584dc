"use client";

import { useState } from "react";
import { snippetsFor } from "@/lib/snippets";
import { Card, CardBody, CardHeader } from "../ui/card";
import { CodeBlock } from "../ui/copy-button";

const TABS = [
  { id: "curl", label: "curl" },
  { id: "cli", label: "tollbooth fetch" },
  { id: "typescript", label: "TypeScript" },
] as const;

export function Snippets({ urls, method }: { urls: { subdomain: string; path: string }; method: string }) {
  const [tab, setTab] = useState<(typeof TABS)[number]["id"]>("curl");
  const code = snippetsFor(urls, method);
  return (
    <Card>
      <CardHeader title="Call it from code" />
      <CardBody>
        <div role="tablist" aria-label="Snippet language" className="mb-3 flex gap-1">
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
