/**
 * An OpenAPI 3 document as a provider pastes it (JSON or YAML) → a plain JS value, or an
 * AppError("bad_request") that says where it is malformed: a line and column for a syntax error,
 * a JSON pointer (RFC 6901) for a structural one (`OpenApiProblem`).
 */
import { parseDocument } from "yaml";
import { AppError } from "../errors";

/**
 * A pasted document is at most this many characters: the tRPC body that carries it (JSON-escaped,
 * UTF-8) must stay under the web's 256 KiB request limit (request-guard.ts), so it gets this clear
 * message rather than a bare 413.
 */
export const MAX_OPENAPI_CHARS = 100 * 1024;

/** A JSON pointer to a place in the document, as RFC 6901 writes it (~0 for ~, ~1 for /). */
export function pointer(...tokens: (string | number)[]): string {
  return tokens.map((t) => `/${String(t).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

export function openApiProblem(at: string, message: string): AppError {
  return new AppError("bad_request", `OpenAPI document, at ${at || "/"}: ${message}`);
}

export function parseOpenApiText(text: string): unknown {
  if (text.length > MAX_OPENAPI_CHARS) {
    throw new AppError(
      "bad_request",
      `The OpenAPI document is at most ${MAX_OPENAPI_CHARS.toLocaleString("en-US")} characters.`,
    );
  }
  const trimmed = text.trim();
  if (trimmed === "") throw new AppError("bad_request", "Paste an OpenAPI 3 document (JSON or YAML).");
  if (trimmed.startsWith("{")) {
    try {
      return JSON.parse(trimmed);
    } catch (err) {
      throw new AppError("bad_request", `The OpenAPI document is not valid JSON: ${(err as Error).message}`);
    }
  }
  // YAML: duplicate keys refused, aliases bounded (an alias bomb expands to gigabytes otherwise).
  const doc = parseDocument(trimmed, { uniqueKeys: true, prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const where = first.linePos?.[0];
    const at = where ? ` (line ${where.line}, column ${where.col})` : "";
    throw new AppError(
      "bad_request",
      `The OpenAPI document is not valid YAML${at}: ${first.message.split("\n")[0]}`,
    );
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new AppError("bad_request", `The OpenAPI document cannot be read: ${(err as Error).message}`);
  }
}
