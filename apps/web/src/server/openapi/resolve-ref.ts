/**
 * Local `$ref`s of an OpenAPI document (`#/components/...`): resolved so a route's docs stand
 * alone (its stored JSON Schema has no `$ref` into a document we do not keep). External refs
 * (another file or URL) are refused: the web never fetches what a document points at.
 */
import { openApiProblem } from "./parse-document";

const MAX_REF_HOPS = 20;
/** How many `$ref`s deep one path of a schema is inlined; a deeper (recursive) ref becomes `{}`. */
const MAX_INLINE_REFS = 4;
/**
 * Values one inlined schema may hold. Refs can fan out (ten properties each naming the same
 * schema, nested): without a budget a 1 KiB document would expand to billions of nodes.
 */
const MAX_INLINE_NODES = 5_000;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function lookup(root: unknown, ref: string, at: string): unknown {
  if (!ref.startsWith("#/") && ref !== "#") {
    throw openApiProblem(
      at,
      `$ref "${ref.slice(0, 100)}" points outside the document; only local refs (#/components/…) are read.`,
    );
  }
  let node: unknown = root;
  for (const raw of ref === "#" ? [] : ref.slice(2).split("/")) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    } catch {
      throw openApiProblem(at, `$ref "${ref.slice(0, 100)}" is not a valid JSON pointer.`);
    }
    node = isObject(node) || Array.isArray(node) ? (node as Json)[token] : undefined;
    if (node === undefined)
      throw openApiProblem(at, `$ref "${ref.slice(0, 100)}" names nothing in the document.`);
  }
  return node;
}

/** The object a (possibly `$ref`) node stands for. */
export function deref(root: unknown, node: unknown, at: string): unknown {
  let current = node;
  for (let hop = 0; hop < MAX_REF_HOPS; hop++) {
    if (!isObject(current) || typeof current.$ref !== "string") return current;
    current = lookup(root, current.$ref, at);
  }
  throw openApiProblem(at, "$ref chain is too long or circular.");
}

/**
 * A JSON Schema with every local `$ref` inlined. A ref nested MAX_INLINE_REFS refs deep (a
 * recursive schema) becomes `{}`, the schema that allows anything; other values are kept as written.
 */
export function inlineSchema(root: unknown, schema: unknown, at: string): unknown {
  return inline(root, schema, at, 0, { nodes: 0 });
}

function inline(root: unknown, node: unknown, at: string, refs: number, budget: { nodes: number }): unknown {
  budget.nodes += 1;
  if (budget.nodes > MAX_INLINE_NODES) {
    throw openApiProblem(
      at,
      `the schema is too large once its $refs are inlined (over ${MAX_INLINE_NODES} values).`,
    );
  }
  let value = node;
  let depth = refs;
  if (isObject(value) && typeof value.$ref === "string") {
    if (depth >= MAX_INLINE_REFS) return {};
    value = deref(root, value, at);
    depth += 1;
  }
  if (Array.isArray(value)) return value.map((v) => inline(root, v, at, depth, budget));
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    // Examples and enums are data, not schemas: copied as they are.
    out[k] =
      k === "example" || k === "examples" || k === "enum" || k === "const" || k === "default"
        ? v
        : inline(root, v, at, depth, budget);
  }
  return out;
}
