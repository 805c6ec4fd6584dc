import assert from "node:assert/strict";
import { test } from "node:test";
import { safeNextPath } from "../src/lib/safe-next-path";

/**
 * The class of open redirects, judged the way the browser will judge the result: the value that
 * safeNextPath returns is what the sign-in form navigates to, resolved by the WHATWG URL parser
 * against whatever page the user is on. Only a path on the site's own origin may survive.
 */
const SITE = "https://tollbooth.example";
const PAGES = [`${SITE}/signin?next=x`, `${SITE}/dashboard/apis/1/`, `${SITE}/a/b/c?d#e`];

function staysOnSite(target: string): boolean {
  return PAGES.every((page) => {
    try {
      return new URL(target, page).origin === SITE;
    } catch {
      return false;
    }
  });
}

// Pieces an attacker strings together before a host: slashes, backslashes, dot segments,
// percent-encoded forms of each, and the whitespace the URL parser strips or keeps.
const PIECES = [
  "/",
  "\\",
  ".",
  "..",
  "./",
  "../",
  "%2f",
  "%2F",
  "%5c",
  "%5C",
  "%2e",
  "%2E",
  "%252f",
  "\t",
  "\n",
  "\r",
  " ",
  "\u0000",
  "\u000b",
  "\u00a0",
  "/%09/",
  "@",
  ":",
];
const HOSTS = ["evil.example", "evil.example/x?y#z", "@evil.example", "user:pw@evil.example"];

function* spellings(): Generator<string> {
  for (const host of HOSTS) {
    for (const a of PIECES)
      for (const b of PIECES) {
        yield `/${a}${b}${host}`;
        yield `${a}${b}${host}`;
        for (const c of ["/", "\\", "./", "%2f"]) yield `/${a}${b}${c}${host}`;
      }
  }
  for (const scheme of [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:x",
    "http:evil.example",
    "https:evil.example",
    "http://evil.example",
    "https:/evil.example",
    "//evil.example",
    "///evil.example",
    "/.//evil.example",
    "/./\\evil.example",
    "/%2e//evil.example",
    "/..//evil.example",
    "/x/..//evil.example",
    "/x/../..//evil.example",
  ])
    yield scheme;
}

test("no spelling of ?next= leaves the site, as the browser's URL parser resolves it", () => {
  let count = 0;
  const escaped: string[] = [];
  for (const next of spellings()) {
    count += 1;
    const target = safeNextPath(next);
    if (!staysOnSite(target)) escaped.push(`${JSON.stringify(next)} → ${JSON.stringify(target)}`);
    // What is returned is a plain path: it passes its own check unchanged (no second decoding
    // step can turn it into something else) and carries no character the parser would strip.
    assert.equal(safeNextPath(target), target, JSON.stringify(next));
    assert.match(target, /^\/(?![/\\])[^\s\\]*$/, JSON.stringify(next));
  }
  assert.ok(count > 2000, `only ${count} spellings tried`);
  assert.deepEqual(escaped, [], `${escaped.length} of ${count} spellings leave the site`);
});

test("paths on this site are kept, resolved as the browser would", () => {
  assert.equal(safeNextPath("/dashboard/apis/new"), "/dashboard/apis/new");
  assert.equal(safeNextPath("/dashboard?tab=usage#x"), "/dashboard?tab=usage#x");
  assert.equal(safeNextPath("/dashboard/./apis/../lightning"), "/dashboard/lightning");
  assert.equal(safeNextPath("/%2F%2Fevil.example"), "/%2F%2Fevil.example", "an encoded slash is a path");
});

test("anything that is not a path on this site falls back to the dashboard", () => {
  for (const next of [null, undefined, "", "dashboard", "https://evil.example/", "/.//evil.example"]) {
    assert.equal(safeNextPath(next), "/dashboard", String(next));
  }
});
