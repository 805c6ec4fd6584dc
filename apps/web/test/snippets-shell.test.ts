import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { shellQuote } from "../src/lib/shell-quote";
import { AUTHORIZATION_EXAMPLE, snippetsFor } from "../src/lib/snippets";
import { argvOf } from "./shell-argv";

/**
 * Every shell snippet the hub shows, for any route pattern, URL and method, parses in a real
 * POSIX shell (/bin/sh) into exactly the argv intended: `curl` and `npx` are replaced by shell
 * functions that print their arguments NUL-separated, so an injected `$(…)`, `;`, backquote or
 * stray quote shows up as a different argv (or as a command that ran).
 */
const SHELL_SPECIALS = [..."'\"$`\\()[]{};&|<>*?~#!=% \t\n\r^,:@+"];
const hostile = fc.string({
  unit: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SHELL_SPECIALS) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  ),
  maxLength: 40,
});
const noNul = (s: string) => !s.includes("\0");
const patterns = fc
  .oneof(hostile, fc.constantFrom("/x'$(echo pwned)'", "/'; echo pwned; '", "/`echo pwned`"))
  .filter(noNul);
const methods = fc.oneof(
  fc.constantFrom("GET", "POST", "*", "DELETE"),
  hostile.filter((s) => noNul(s) && s.length > 0),
);

test("shellQuote: any string becomes exactly one argument in a real sh", () => {
  fc.assert(
    fc.property(hostile.filter(noNul), (value) => {
      assert.deepEqual(argvOf(`curl ${shellQuote(value)}`), ["CALL", value]);
    }),
    { numRuns: 1000 },
  );
});

test("curl and tollbooth fetch snippets parse into the intended argv for any pattern, URL and method", () => {
  fc.assert(
    fc.property(patterns, methods, hostile.filter(noNul), (pattern, method, host) => {
      const urls = {
        subdomain: `http://${host}.gw.localhost:8402${pattern}`,
        path: `http://127.0.0.1:8402/weather${pattern}`,
      };
      const s = snippetsFor(urls, method);
      const m = method === "*" ? "GET" : method;
      const x = m === "GET" ? [] : ["-X", m];
      assert.deepEqual(argvOf(s.curl), [
        "CALL",
        "-i",
        ...x,
        urls.subdomain,
        "CALL",
        ...x,
        urls.subdomain,
        "-H",
        AUTHORIZATION_EXAMPLE,
      ]);
      assert.deepEqual(argvOf(s.cli), ["CALL", "tollbooth", "fetch", ...x, urls.path, "--max-sats", "100"]);
    }),
    { numRuns: 1000 },
  );
});

test("the TypeScript snippet carries the URL and method as JSON string literals", () => {
  const s = snippetsFor({ subdomain: "http://a/x", path: 'http://a/x"+alert(1)+"' }, 'P"OST');
  assert.ok(s.typescript.includes(`const url = ${JSON.stringify('http://a/x"+alert(1)+"')};`));
  assert.ok(s.typescript.includes(`method: ${JSON.stringify('P"OST')}`));
});

test("a NUL, which no argument can hold, is dropped rather than truncating the argument", () => {
  assert.deepEqual(argvOf(`curl ${shellQuote("a\0b")}`), ["CALL", "ab"]);
});
