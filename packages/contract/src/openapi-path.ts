/**
 * OpenAPI path templates and our path patterns (path-pattern.ts), one mapping both ways: the web
 * imports `/v1/items/{id}` as `/v1/items/:id`, and the gateway publishes `/v1/items/:id` as
 * `/v1/items/{id}` in its openapi.json (a prefix `/v1/*` as `/v1/{path}`, since OpenAPI has no
 * wildcard).
 */
import { checkPathPattern } from "./path-pattern";

export type OpenApiPathConversion = { ok: true; pattern: string } | { ok: false; message: string };

/** `/v1/items/{id}` → `/v1/items/:id`; a segment only partly templated (`/{id}.json`) is refused. */
export function patternFromOpenApiPath(template: string): OpenApiPathConversion {
  if (!template.startsWith("/")) return { ok: false, message: "An OpenAPI path starts with /." };
  const segments = template.split("/").slice(1);
  const converted: string[] = [];
  for (const segment of segments) {
    const whole = /^\{([A-Za-z0-9_]+)\}$/.exec(segment);
    if (whole) {
      converted.push(`:${whole[1]}`);
      continue;
    }
    if (segment.includes("{") || segment.includes("}")) {
      return {
        ok: false,
        message: `the segment "${segment.slice(0, 60)}" mixes a {parameter} with text; Tollbooth routes take whole-segment parameters (/items/{id}).`,
      };
    }
    converted.push(segment);
  }
  const pattern = `/${converted.join("/")}`;
  const check = checkPathPattern(pattern);
  return check.ok ? { ok: true, pattern } : { ok: false, message: check.message };
}

/** Our pattern as an OpenAPI path template, and the names of the path parameters it has. */
export function openApiPathOf(pattern: string): { path: string; pathParameters: string[] } {
  const names: string[] = [];
  const segments = pattern.split("/").map((s, i, all) => {
    if (s.startsWith(":") && s.length > 1) {
      names.push(s.slice(1));
      return `{${s.slice(1)}}`;
    }
    if (s === "*" && i === all.length - 1) {
      // A prefix route: any rest of the path, as one parameter OpenAPI can show.
      let name = "path";
      while (names.includes(name)) name = `${name}_`;
      names.push(name);
      return `{${name}}`;
    }
    return s;
  });
  return { path: segments.join("/") || "/", pathParameters: names };
}
