import assert from "node:assert/strict";
import { test } from "node:test";
import { exactScope, readScope, scopeCovers, scopeSpecificity } from "../src/client/scope";

test("the pattern grammar: exact, prefix (also the bare prefix), :name, case and one trailing slash", () => {
  const covers = (path: string, method: string, p: string) => scopeCovers({ method, path }, "GET", p);
  assert.equal(covers("/v1/x", "GET", "/v1/x"), true);
  assert.equal(covers("/v1/x", "GET", "/V1/X/"), true);
  assert.equal(covers("/v1/x", "GET", "/v1/x//"), false, "only one trailing slash is ignored");
  assert.equal(covers("/v1/x", "GET", "/v1/xy"), false);
  assert.equal(covers("/v1/*", "GET", "/v1"), true);
  assert.equal(covers("/v1/*", "GET", "/v1/a/b"), true);
  assert.equal(covers("/v1/*", "GET", "/v10"), false);
  assert.equal(covers("/items/:id", "GET", "/items/7"), true);
  assert.equal(covers("/items/:id", "GET", "/items/"), false, "a :name needs a non-empty segment");
  assert.equal(covers("/items/:id", "GET", "/items/7/x"), false);
  assert.equal(covers("/*", "*", "/anything/at/all"), true);
  assert.equal(scopeCovers({ method: "POST", path: "/x" }, "GET", "/x"), false);
  assert.equal(scopeCovers({ method: "GET", path: "/x" }, "head", "/x"), true, "HEAD is priced like GET");
});

test("readScope takes only well-formed scopes", () => {
  assert.deepEqual(readScope({ method: "get", path: "/v1/*" }), { method: "GET", path: "/v1/*" });
  for (const bad of [
    null,
    "x",
    { method: "GET" },
    { method: "G ET", path: "/x" },
    { method: "GET", path: "x" },
    { method: "GET", path: "/a*/b" },
    { method: "GET", path: "/*/b" },
    { method: "GET", path: "/x?q" },
  ]) {
    assert.equal(readScope(bad), undefined, JSON.stringify(bad));
  }
});

test("an exact fallback scope cannot turn into a pattern; narrower scopes rank first", () => {
  const scope = exactScope("get", "/a/*/:b");
  assert.equal(scopeCovers(scope, "GET", "/a/zzz/q"), false);
  assert.ok(
    scopeSpecificity({ method: "GET", path: "/v1/x" }) > scopeSpecificity({ method: "GET", path: "/v1/:id" }),
  );
  assert.ok(
    scopeSpecificity({ method: "GET", path: "/v1/:id" }) > scopeSpecificity({ method: "GET", path: "/v1/*" }),
  );
  assert.ok(
    scopeSpecificity({ method: "GET", path: "/v1/*" }) > scopeSpecificity({ method: "*", path: "/v1/*" }),
  );
});

test("an exact fallback scope covers its own path, colons inside a segment included", () => {
  for (const path of ["/time/12:00", "/a/b", "/"])
    assert.equal(scopeCovers(exactScope("GET", path), "GET", path), true);
});
