import { L402Error, type L402ErrorInfo } from "./errors";

export type Scheme = "L402" | "LSAT";

export interface Challenge {
  scheme: Scheme;
  macaroon: string;
  invoice: string;
  version?: string;
}

export type ParseChallengeResult =
  | ({ ok: true; challenges: Challenge[] } & Challenge)
  | { ok: false; error: L402ErrorInfo };

export const MAX_CHALLENGE_INPUT = 16 * 1024;
const MAX_PARAMS = 64;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const BOLT11 = /^ln[a-z0-9]+$/i;
const QUOTABLE = /^[\x21\x23-\x5b\x5d-\x7e]+$/; // printable ASCII without `"` and `\`

/**
 * The two WWW-Authenticate values of a 402, LSAT first then L402 (aperture's order, so LSAT-era
 * clients that read only the first header keep working). Set both on the response.
 */
export function formatChallenge(input: { macaroon: string; invoice: string }): string[] {
  if (!QUOTABLE.test(input.macaroon) || !QUOTABLE.test(input.invoice)) {
    throw new L402Error("malformed", "Macaroon and invoice must be printable ASCII without quotes.");
  }
  const params = `macaroon="${input.macaroon}", invoice="${input.invoice}"`;
  return [`LSAT ${params}`, `L402 ${params}`];
}

interface RawChallenge {
  scheme: string;
  params: Map<string, string>;
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDelimiter = (c: number) =>
  isSpace(c) || c === 0x2c /* , */ || c === 0x3d /* = */ || c === 0x22; /* " */

/**
 * A small lexer for RFC 7235-ish challenge lists that also takes what real servers send:
 * several challenges in one value, `,` or spaces between params, quoted or bare values.
 * Base64 values may contain `=` and even the letters "LSAT", so we tokenize instead of
 * searching for scheme names.
 */
function lex(text: string): RawChallenge[] {
  const out: RawChallenge[] = [];
  let current: RawChallenge | undefined;
  let params = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || c === 0x2c) {
      i++;
      continue;
    }
    if (c === 0x3d || c === 0x22) {
      // stray `=` or quote: skip it; garbage never stops the scan
      i++;
      continue;
    }
    const start = i;
    while (i < n && !isDelimiter(text.charCodeAt(i))) i++;
    const word = text.slice(start, i);
    let j = i;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    if (j < n && text.charCodeAt(j) === 0x3d) {
      // key=value
      j++;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      let value: string;
      if (j < n && text.charCodeAt(j) === 0x22) {
        j++;
        let v = "";
        while (j < n && text.charCodeAt(j) !== 0x22) {
          if (text.charCodeAt(j) === 0x5c && j + 1 < n) j++;
          v += text[j];
          j++;
        }
        value = v;
        j++; // closing quote (or end)
      } else {
        const vs = j;
        while (j < n && !isSpace(text.charCodeAt(j)) && text.charCodeAt(j) !== 0x2c) j++;
        value = text.slice(vs, j);
      }
      i = j;
      if (current && ++params <= MAX_PARAMS) {
        const key = word.toLowerCase();
        if (!current.params.has(key)) current.params.set(key, value);
      }
    } else {
      current = { scheme: word, params: new Map() };
      out.push(current);
    }
  }
  return out;
}

function toChallenge(raw: RawChallenge): Challenge | undefined {
  const scheme = raw.scheme.toUpperCase();
  if (scheme !== "L402" && scheme !== "LSAT") return undefined;
  const macaroon = raw.params.get("macaroon") ?? raw.params.get("token");
  const invoice = raw.params.get("invoice");
  if (!macaroon || !invoice || macaroon.length > 8192 || !BASE64.test(macaroon) || !BOLT11.test(invoice)) {
    return undefined;
  }
  const challenge: Challenge = { scheme, macaroon, invoice };
  const version = raw.params.get("version");
  if (version !== undefined) challenge.version = version;
  return challenge;
}

/** Parses one or several WWW-Authenticate values; prefers L402 over LSAT. Never throws. */
export function parseChallenge(value: string | readonly string[] | null | undefined): ParseChallengeResult {
  const values = typeof value === "string" ? [value] : Array.isArray(value) ? value : [];
  let total = 0;
  const challenges: Challenge[] = [];
  for (const v of values) {
    if (typeof v !== "string") continue;
    total += v.length;
    if (total > MAX_CHALLENGE_INPUT) {
      return { ok: false, error: { code: "malformed", message: "The WWW-Authenticate header is too long." } };
    }
    for (const raw of lex(v)) {
      const challenge = toChallenge(raw);
      if (challenge) challenges.push(challenge);
    }
  }
  const best = challenges.find((c) => c.scheme === "L402") ?? challenges[0];
  if (!best) return { ok: false, error: { code: "malformed", message: "No L402 or LSAT challenge found." } };
  return { ok: true, ...best, challenges };
}
