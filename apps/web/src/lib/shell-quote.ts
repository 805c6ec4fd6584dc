/**
 * POSIX shell quoting for copy-paste snippets: the one function every shell snippet uses for
 * every value it did not write itself (URL, method, header). Inside single quotes a POSIX shell
 * interprets nothing — no `$(…)`, backquotes, `$VAR`, globs, backslashes or newlines — so the only
 * character to handle is the single quote itself, written as '\'' (close, escaped quote, reopen).
 * A plain word (letters, digits, `_.-`: a method, a header name) is left bare, for readability;
 * anything else, URLs included, is quoted.
 */
const SAFE = /^[A-Za-z0-9_.-]+$/;

export function shellQuote(value: string): string {
  // NUL cannot be passed in an argument at all; drop it rather than produce a lying snippet.
  const text = value.replaceAll("\0", "");
  if (SAFE.test(text)) return text;
  return `'${text.replaceAll("'", "'\\''")}'`;
}
