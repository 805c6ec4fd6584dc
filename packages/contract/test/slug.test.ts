import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { checkSlug, isValidSlug, RESERVED_SLUGS } from "../src/slug";

describe("slug grammar", () => {
  const table: Array<[string, boolean]> = [
    ["weather", true],
    ["a-b", true],
    ["abc", true],
    ["9lives", true],
    ["a".repeat(40), true],
    ["ab", false],
    ["a".repeat(41), false],
    ["Weather", false],
    ["-abc", false],
    ["abc-", false],
    ["a--b", false],
    ["we_ather", false],
    ["wéather", false],
    ["health", false],
    ["well-known", false],
  ];
  for (const [slug, ok] of table) {
    it(`${slug} → ${ok}`, () => {
      assert.equal(isValidSlug(slug), ok);
      assert.equal(checkSlug(slug).ok, ok);
    });
  }

  it("every reserved word is refused with a sentence that names it", () => {
    for (const word of RESERVED_SLUGS) {
      const check = checkSlug(word);
      assert.equal(check.ok, false, word);
      // "gw" is refused as too short before it is refused as reserved
      if (word.length >= 3) assert.match(check.ok ? "" : check.message, new RegExp(`"${word}" is reserved`));
    }
  });

  it("the gateway's yes/no and the web's verdict agree on any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."ab9-_A.é".split("")), maxLength: 45 }), (s) => {
        assert.equal(isValidSlug(s), checkSlug(s).ok && s === s.trim());
      }),
    );
  });
});
