// Test discovery by suffix: *.test.ts (unit), *.integration.test.ts, *.e2e.test.ts.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { ROOT } from "./bootstrap.mjs";

const SKIP = new Set(["node_modules", ".next", ".data", ".git", "generated", "test-results", ".turbo"]);

function walk(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (/\.test\.tsx?$/.test(entry.name)) out.push(relative(ROOT, path));
  }
  return out;
}

export function discoverTests() {
  const all = ["apps", "packages", "scripts"].flatMap((d) => walk(join(ROOT, d), [])).sort();
  return {
    unit: all.filter((f) => !/\.(integration|e2e)\.test\.tsx?$/.test(f)),
    integration: all.filter((f) => /\.integration\.test\.tsx?$/.test(f)),
    e2e: all.filter((f) => /\.e2e\.test\.tsx?$/.test(f)),
  };
}

export function workspacesWithTsconfig() {
  const workspaces = ["apps", "packages"].flatMap((group) =>
    readdirSync(join(ROOT, group), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => `${group}/${d.name}`)
      .filter((dir) => {
        try {
          return readdirSync(join(ROOT, dir)).includes("tsconfig.json");
        } catch {
          return false;
        }
      }),
  );
  return [...workspaces, "scripts"];
}
