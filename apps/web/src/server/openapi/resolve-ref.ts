/**
 * Local `$ref`s of an OpenAPI document (`#/components/...`): resolved so a route's docs stand
 * alone (its stored JSON Schema has no `$ref` into a document we do not keep). External refs
 * (another file or URL) are refused: the web never fetches what a document points at.
 */
import { openApiProblem } from "./parse-document";

const MAX_REF_HOPS = 20;
/** Nesting a schema may reach once refs are inlined; a deeper (or recursive) one is cut there. */
const MAX_INLINE_DEPTH = 12;

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

/** A JSON Schema with every local `$ref` inlined; recursion is cut to `{}` at MAX_INLINE_DEPTH. */
export function inlineSchema(root: unknown, schema: unknown, at: string, level = 0): unknown {
  if (level > MAX_INLINE_DEPTH) return {};
  const resolved = deref(root, schema, at);
  if (Array.isArray(resolved)) return resolved.map((v) => inlineSchema(root, v, at, level + 1));
  if (!isObject(resolved)) return resolved;
  const out: Json = {};
  for (const [k, v] of Object.entries(resolved)) {
    // Examples and enums are data, not schemas: copied as they are.
    out[k] =
      k === "example" || k === "examples" || k === "enum" || k === "const" || k === "default"
        ? v
        : inlineSchema(root, v, at, level + 1);
  }
  return out;
}
