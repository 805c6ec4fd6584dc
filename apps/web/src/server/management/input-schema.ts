import { z } from "zod";
import type { ManagementRoute } from "./define-route";

type JsonSchema = { properties?: Record<string, JsonSchemaField>; required?: string[] } & Record<
  string,
  unknown
>;
export type JsonSchemaField = { type?: string | string[] } & Record<string, unknown>;

/** The part of a route's input that is not in its path (the query string or the body), or null. */
export function nonPathInput(route: ManagementRoute): z.ZodObject | null {
  if (!route.input) return null;
  const omit = Object.fromEntries(route.pathParams.map((p) => [p, true as const]));
  const rest = route.input.omit(omit as never);
  return Object.keys(rest.shape).length > 0 ? rest : null;
}

/** A zod schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses), describing what a client sends. */
export function toJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    target: "draft-2020-12",
    // Refinements (slug rules, path patterns) cannot be expressed: the field's type stays.
    unrepresentable: "any",
  }) as JsonSchema;
  return rest;
}

/** One field of a route's input, for a path or query parameter. */
export function fieldSchema(route: ManagementRoute, name: string): JsonSchemaField {
  const field = route.input?.shape[name];
  return field ? (toJsonSchema(field as z.ZodType) as JsonSchemaField) : {};
}
