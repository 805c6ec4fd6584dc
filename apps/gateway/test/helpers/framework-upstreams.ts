/**
 * Upstreams that read a path the way common frameworks do, each serving one paid handler
 * (`/forecast`) and 404 for everything else, and saying which handler answered:
 * - "whatwg": a Node server that reads `new URL(req.url, base).pathname` (the demo upstreams do),
 * - "express": the real Express 5 router (`router`, case-insensitive, trailing slash optional),
 * - "tomcat": a servlet-style reader — `;` path parameters stripped from every segment, then dot
 *   segments resolved — as Tomcat and Spring do (an emulation: no JVM on this machine).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import createRouter from "router";
import { closeServer, listen } from "./upstreams";

export type Framework = "whatwg" | "express" | "tomcat";

export interface FrameworkUpstream {
  framework: Framework;
  url: string;
  /** Paths as received (req.url), in order. */
  seen: string[];
  close(): Promise<void>;
}

function served(res: ServerResponse, handler: string): void {
  res.writeHead(handler === "none" ? 404 : 200, { "content-type": "application/json" });
  res.end(JSON.stringify({ handler }));
}

function tomcatPath(url: string): string {
  const raw = url.split("?")[0] ?? "/";
  const stripped = raw
    .split("/")
    .map((segment) => segment.split(";")[0])
    .join("/");
  return new URL(decodeURIComponent(stripped), "http://upstream.invalid").pathname;
}

export async function startFrameworkUpstream(framework: Framework): Promise<FrameworkUpstream> {
  const seen: string[] = [];
  const router = createRouter();
  router.get("/forecast", (_req, res) => served(res, "forecast"));
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    seen.push(url);
    if (framework === "express") return router(req, res, () => served(res, "none"));
    let path: string;
    try {
      path = framework === "whatwg" ? new URL(url, "http://upstream.invalid").pathname : tomcatPath(url);
    } catch {
      return served(res, "none");
    }
    served(res, path === "/forecast" ? "forecast" : "none");
  };
  const server = createServer(handle);
  const port = await listen(server);
  return { framework, url: `http://127.0.0.1:${port}`, seen, close: () => closeServer(server) };
}
