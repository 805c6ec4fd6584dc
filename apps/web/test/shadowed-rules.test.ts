import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findShadowedRules, methodCovers, patternCovers } from "../src/lib/shadowed-rules";

describe("patternCovers(outer, inner)", () => {
  const table: Array<[string, string, boolean]> = [
    ["/*", "/anything", true],
    ["/*", "/v1/*", true],
    ["/*", "/", true],
    ["/forecast", "/forecast", true],
    ["/forecast", "/forecast/*", false],
    ["/forecast", "/other", false],
    ["/v1/*", "/v1", true],
    ["/v1/*", "/v1/x", true],
    ["/v1/*", "/v1/x/*", true],
    ["/v1/*", "/v1/:id", true],
    ["/v1/*", "/v10", false],
    ["/v1/*", "/*", false],
    ["/v1/x", "/v1/*", false],
    ["/users/:id", "/users/42", true],
    ["/users/:id", "/users/:other", true],
    ["/users/:id", "/users/42/posts", false],
    ["/users/42", "/users/:id", false],
    ["/users/:id/*", "/users/42/posts/1", true],
    ["/users/:id/*", "/users/:id", true],
    ["/users/:id/*", "/users/*", false],
    ["/:a/:b", "/x/y", true],
    ["/:a", "/x/y", false],
  ];
  for (const [outer, inner, expected] of table) {
    it(`${outer} ${expected ? "covers" : "does not cover"} ${inner}`, () => {
      assert.equal(patternCovers(outer, inner), expected);
    });
  }
});

describe("methodCovers(outer, inner)", () => {
  const table: Array<[string, string, boolean]> = [
    ["*", "GET", true],
    ["*", "*", true],
    ["GET", "*", false],
    ["GET", "GET", true],
    ["get", "GET", true],
    ["GET", "POST", false],
    ["GET", "HEAD", true],
    ["HEAD", "GET", false],
  ];
  for (const [outer, inner, expected] of table) {
    it(`${outer} ${expected ? "covers" : "does not cover"} ${inner}`, () => {
      assert.equal(methodCovers(outer, inner), expected);
    });
  }
});

describe("findShadowedRules", () => {
  const r = (method: string, pathPattern: string) => ({ method, pathPattern });
  const table: Array<[string, ReturnType<typeof r>[], Array<{ index: number; by: number }>]> = [
    ["no rules", [], []],
    ["disjoint rules", [r("GET", "/a"), r("GET", "/b"), r("POST", "/a")], []],
    [
      "a catch-all first shadows everything after",
      [r("*", "/*"), r("GET", "/a"), r("POST", "/b/*")],
      [
        { index: 1, by: 0 },
        { index: 2, by: 0 },
      ],
    ],
    ["a catch-all last shadows nothing", [r("GET", "/a"), r("*", "/*")], []],
    [
      "a prefix shadows a narrower path",
      [r("GET", "/v1/*"), r("GET", "/v1/forecast")],
      [{ index: 1, by: 0 }],
    ],
    ["another method is not shadowed", [r("GET", "/v1/*"), r("POST", "/v1/forecast")], []],
    ["an any-method rule after a GET rule is not shadowed", [r("GET", "/x"), r("*", "/x")], []],
    ["a duplicate is shadowed by the first", [r("GET", "/x"), r("GET", "/x")], [{ index: 1, by: 0 }]],
    [
      "the first covering rule is named",
      [r("GET", "/a"), r("*", "/*"), r("GET", "/a")],
      [{ index: 2, by: 0 }],
    ],
    ["a param covers a literal", [r("GET", "/users/:id"), r("GET", "/users/me")], [{ index: 1, by: 0 }]],
    ["a literal does not cover a param", [r("GET", "/users/me"), r("GET", "/users/:id")], []],
  ];
  for (const [name, rules, expected] of table) {
    it(name, () => {
      assert.deepEqual(findShadowedRules(rules), expected);
    });
  }
});
