import type { z } from "zod";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Who may call an endpoint: a signed-in session only (key management: a key cannot mint or
 * revoke keys), or an API key of the read or write scope. (The OpenAPI document, the one public
 * path, is served beside the table: handle-request.ts.)
 */
export type Access = "session" | "read" | "write";

export const TAGS = {
  keys: "API keys",
  apis: "APIs",
  pricing: "Pricing and route docs",
  lifecycle: "Publish and pause",
  wallets: "Wallets",
  usage: "Usage and payments",
} as const;
export type Tag = keyof typeof TAGS;

export interface RunContext {
  db: Db;
  user: SessionUser;
}

/**
 * One endpoint of /api/v1. `input` is the server function's own zod schema (the one its tRPC
 * procedure uses); the path's `{params}` are fields of it, the rest comes from the query string
 * (GET, DELETE) or the JSON body (POST, PUT, PATCH).
 */
export interface RouteSpec<S extends z.ZodObject> {
  method: HttpMethod;
  /** Below /api/v1, with `{name}` for path parameters, e.g. `/apis/{apiId}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: Tag;
  access: Access;
  input?: S;
  /** 201 for endpoints that create something; 200 otherwise. */
  status?: 200 | 201;
  run: (ctx: RunContext, input: z.output<S>) => Promise<unknown>;
}

/** A route of the table: its spec with the schema erased, the status settled, the path's params listed. */
export interface ManagementRoute extends Omit<RouteSpec<z.ZodObject>, "input" | "status" | "run"> {
  input?: z.ZodObject;
  status: 200 | 201;
  pathParams: string[];
  run: (ctx: RunContext, input: unknown) => Promise<unknown>;
}

/** Types `run` against the schema; the table then holds every route alike. */
export function defineRoute<S extends z.ZodObject>(spec: RouteSpec<S>): ManagementRoute {
  const pathParams = [...spec.path.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1] as string);
  for (const name of pathParams) {
    if (!spec.input || !(name in spec.input.shape)) {
      throw new Error(`${spec.method} ${spec.path}: the input schema has no field for {${name}}`);
    }
  }
  return {
    ...spec,
    status: spec.status ?? 200,
    pathParams,
    run: spec.run as ManagementRoute["run"],
  };
}

/** Whether the method sends its input as a JSON body (else as the query string). */
export const hasBody = (method: HttpMethod) => method === "POST" || method === "PUT" || method === "PATCH";
