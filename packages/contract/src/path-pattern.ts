/**
 * Path patterns of pricing rules: an exact path `/v1/forecast`, a prefix `/v1/*` (which also
 * matches `/v1` itself), and `:name` segments matching exactly one non-empty segment (`/v1/:id`).
 * The alphabet is narrow on purpose — letters, digits and `-._~` — so a pattern can be shown in
 * HTML, a shell snippet or a log line without quoting (no quotes, `$`, backticks, spaces, `;`, `%`).
 * The web refuses other patterns at save; the gateway compiles what was saved.
 */
export const MAX_PATH_PATTERN_LENGTH = 300;

const LITERAL = /^[A-Za-z0-9._~-]+$/;
const PARAMETER = /^:[A-Za-z0-9_]+$/;

export type PathPatternCheck = { ok: true } | { ok: false; message: string };

export function checkPathPattern(pattern: string): PathPatternCheck {
  if (!pattern.startsWith("/")) return { ok: false, message: "A path pattern starts with /." };
  if (pattern.length > MAX_PATH_PATTERN_LENGTH) {
    return { ok: false, message: `A path pattern is at most ${MAX_PATH_PATTERN_LENGTH} characters.` };
  }
  const segments = pattern.split("/").slice(1);
  const last = segments.length - 1;
  for (const [i, s] of segments.entries()) {
    // Requests reach the gateway with dot segments resolved and no empty segments, so such a
    // pattern would be saved but could never match a call.
    if (s === "." || s === "..")
      return { ok: false, message: "A path pattern cannot contain . or .. segments." };
    if (s === "") {
      if (i === last) continue; // "/" and "/v1/"
      return { ok: false, message: "A path pattern cannot contain empty segments (//)." };
    }
    if (s === ":") {
      return {
        ok: false,
        message: "A : in a path pattern needs a name, as in /v1/:id (no nameless segments).",
      };
    }
    if ((s === "*" && i === last) || PARAMETER.test(s) || LITERAL.test(s)) continue;
    return {
      ok: false,
      message:
        "Use an exact path (/v1/x), a prefix (/v1/*) or segment parameters (/v1/:id), with letters, digits and - . _ ~ only.",
    };
  }
  return { ok: true };
}

export function isValidPathPattern(pattern: string): boolean {
  return checkPathPattern(pattern).ok;
}
