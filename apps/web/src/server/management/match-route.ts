import type { ManagementRoute } from "./define-route";

export type RouteMatch =
  | { kind: "found"; route: ManagementRoute; params: Record<string, string> }
  | { kind: "wrong_method"; allow: string[] }
  | { kind: "none" };

function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    const param = /^\{([A-Za-z]+)\}$/.exec(w);
    if (param) {
      if (g === "") return null;
      let value: string;
      try {
        value = decodeURIComponent(g);
      } catch {
        return null;
      }
      params[param[1] as string] = value;
    } else if (w !== g) return null;
  }
  return params;
}

/** Finds the route for a method and a path below /api/v1 (a trailing slash is ignored). */
export function matchRoute(routes: readonly ManagementRoute[], method: string, path: string): RouteMatch {
  const normalised = path.length > 1 ? path.replace(/\/+$/, "") : path;
  const allow: string[] = [];
  for (const route of routes) {
    const params = matchPath(route.path, normalised);
    if (!params) continue;
    if (route.method === method) return { kind: "found", route, params };
    allow.push(route.method);
  }
  return allow.length ? { kind: "wrong_method", allow } : { kind: "none" };
}
