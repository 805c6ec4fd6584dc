// `next build` takes a minute or two on two cores: do it only when a source file is newer than the build.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./bootstrap.mjs";
import { say } from "./output.mjs";
import { runStep } from "./stack.mjs";

const SKIP = new Set(["node_modules", ".next", "test-results", ".turbo", "generated", "test", "e2e"]);

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function webAppExists() {
  return (
    existsSync(join(ROOT, "apps/web/next.config.ts")) || existsSync(join(ROOT, "apps/web/next.config.mjs"))
  );
}

export async function ensureWebBuild(env) {
  if (!webAppExists()) return false;
  const buildId = join(ROOT, "apps/web/.next/BUILD_ID");
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const sources = Math.max(newestMtime(join(ROOT, "apps/web")), newestMtime(join(ROOT, "packages")));
  if (built >= sources) return true;
  say("build", "building the web app (next build; a minute or two)…");
  await runStep("build", process.execPath, [join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    env: { ...env, NEXT_TELEMETRY_DISABLED: "1" },
    cwd: join(ROOT, "apps/web"),
  });
  return true;
}
