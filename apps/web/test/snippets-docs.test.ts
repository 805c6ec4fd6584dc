import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { RouteDocs } from "@tollbooth/contract";
import fc from "fast-check";
import { exampleRequestFor } from "../src/lib/route-example";
import { AUTHORIZATION_EXAMPLE, JSON_CONTENT_TYPE, snippetsFor, stringLiteral } from "../src/lib/snippets";
import { argvOf } from "./shell-argv";

/**
 * Snippets that follow a documented route: the example body goes into every snippet, quoted so
 * that the provider's text (which buyers paste into a shell or a program) is data, never code.
 * Checked against real interpreters: /bin/sh for curl and tollbooth fetch, Python's own literal
 * parser for the Python snippet, and JavaScript for the TypeScript string literals.
 */
const SPECIALS = [..."'\"$`\\(){};&|<>*?#!% \t\n\r\u2028\u2029"];
const hostile = fc
  .string({
    unit: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...SPECIALS) },
      { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
    ),
    maxLength: 60,
  })
  .filter((s) => !s.includes("\0"));

test("an example body reaches curl and tollbooth fetch as exactly one argument", () => {
  fc.assert(
    fc.property(hostile, (body) => {
      const urls = { subdomain: "http://w.gw.localhost:8402/x", path: "http://127.0.0.1:8402/w/x" };
      const s = snippetsFor(urls, "POST", { body });
      const x = ["-X", "POST"];
      const data = ["-H", JSON_CONTENT_TYPE, "--data-binary", body];
      assert.deepEqual(argvOf(s.curl), [
        "CALL",
        "-i",
        ...x,
        urls.subdomain,
        ...data,
        "CALL",
        ...x,
        urls.subdomain,
        ...data,
        "-H",
        AUTHORIZATION_EXAMPLE,
      ]);
      assert.deepEqual(argvOf(s.cli), [
        "CALL",
        "tollbooth",
        "fetch",
        ...x,
        urls.path,
        "-H",
        JSON_CONTENT_TYPE,
        "--data",
        body,
        "--max-sats",
        "100",
      ]);
    }),
    { numRuns: 300 },
  );
});

test("string literals read back as the same text in JavaScript and in Python", () => {
  const values = fc
    .sample(hostile, 500)
    .concat(['"; import os; os.system("x") #', "\\u0041", "'''", "\u2028"]);
  for (const v of values) assert.equal(new Function(`return ${stringLiteral(v)};`)(), v);
  const script =
    "import ast, json, sys\nfor line in sys.stdin.read().split('\\n'):\n    print(json.dumps(ast.literal_eval(line)))";
  const run = spawnSync("python3", ["-c", script], {
    input: values.map(stringLiteral).join("\n"),
    encoding: "utf8",
    timeout: 20_000,
  });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(
    run.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l)),
    values,
  );
});

test("the Python snippet parses, and carries the URL, method and body as literals", () => {
  const body = '{"note": "x\'); import os #"}';
  const s = snippetsFor({ subdomain: "http://a/x", path: 'http://a/x"+y' }, "POST", { body });
  const run = spawnSync("python3", ["-c", "import ast, sys; ast.parse(sys.stdin.read())"], {
    input: s.python,
    encoding: "utf8",
  });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(s.python.includes(`url = ${stringLiteral('http://a/x"+y')}`));
  assert.ok(s.python.includes(`data=${stringLiteral(body)}`));
  assert.ok(s.typescript.includes(`body: ${stringLiteral(body)}`));
  assert.ok(!snippetsFor({ subdomain: "http://a/x", path: "http://a/x" }, "GET").python.includes("data="));
});

test("the example request follows the route's docs", () => {
  const docs = RouteDocs.parse({
    parameters: [
      { name: "id", in: "path", type: "string" },
      { name: "city", in: "query", type: "string", required: true },
      { name: "days", in: "query", type: "integer", required: true },
      { name: "lang", in: "query", type: "string" },
    ],
    example_request: '{"celsius":20}',
  });
  assert.deepEqual(exampleRequestFor({ method: "POST", path: "/v1/stations/:id", docs }), {
    method: "POST",
    path: "/v1/stations/x?city=x&days=1",
    body: '{"celsius":20}',
  });
  assert.deepEqual(exampleRequestFor({ method: "*", path: "/v1/*", docs }), {
    method: "GET",
    path: "/v1/?city=x&days=1",
    body: null,
  });
  assert.deepEqual(exampleRequestFor({ method: "GET", path: "/q/:n", docs: null }), {
    method: "GET",
    path: "/q/1",
    body: null,
  });
});
