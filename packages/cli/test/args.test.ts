import assert from "node:assert/strict";
import { test } from "node:test";
import { intFlag, parseArgs } from "../src/args";
import { CliError } from "../src/cli-error";

const spec = { "max-sats": {}, request: { alias: "X" }, header: { alias: "H" } };

test("parses positionals, long, long=, short and repeated flags", () => {
  const a = parseArgs(["http://x", "--max-sats", "5", "-X", "post", "-H", "A: 1", "--header=B: 2"], spec);
  assert.deepEqual(a.positionals, ["http://x"]);
  assert.equal(intFlag(a, "max-sats"), 5);
  assert.deepEqual(a.flags.get("request"), ["post"]);
  assert.deepEqual(a.flags.get("header"), ["A: 1", "B: 2"]);
  assert.equal(a.help, false);
  assert.equal(parseArgs(["--help"], spec).help, true);
});

test("unknown options, missing values and bad numbers are usage errors (exit 2)", () => {
  for (const argv of [["--nope"], ["-X"], ["--max-sats"]]) {
    assert.throws(
      () => parseArgs(argv, spec),
      (e: unknown) => e instanceof CliError && e.exitCode === 2,
    );
  }
  assert.throws(
    () => intFlag(parseArgs(["--max-sats", "-3"], spec), "max-sats"),
    (e: unknown) => e instanceof CliError && e.exitCode === 2,
  );
});
