import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isValidOrigin, normaliseOrigin } from "../src/origin";

describe("browser origin rule", () => {
  // As browsers serialise an Origin header: anything else could never match one.
  const table: Array<[string, boolean]> = [
    ["https://app.example.com", true],
    ["http://localhost:3000", true],
    ["http://127.0.0.1:8080", true],
    ["http://[::1]:3000", true],
    ["https://a.example:8443", true],
    ["https://app.example.com/", false],
    ["https://app.example.com/path", false],
    ["https://APP.example.com", false],
    ["ftp://x.example", false],
    ["https://*.example.com", false],
    ["*", false],
    ["null", false],
    ["https://a.example:443", false],
    ["http://a.example:80", false],
    ["https://user@a.example", false],
    ["https://a.example:99999", false],
    ["https://a.example?q", false],
    ["https://a.example#f", false],
    ["", false],
  ];
  for (const [origin, ok] of table) {
    it(`${JSON.stringify(origin)} → ${ok}`, () => {
      assert.equal(isValidOrigin(origin), ok);
    });
  }
  it("normalises an entry before it is checked", () => {
    assert.equal(normaliseOrigin("  HTTPS://App.Example.com "), "https://app.example.com");
    assert.equal(isValidOrigin(normaliseOrigin(" https://App.example.com")), true);
  });
});
