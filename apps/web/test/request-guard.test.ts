import assert from "node:assert/strict";
import { test } from "node:test";
import {
  containsNul,
  isBodyTooLarge,
  isJsonRequest,
  isSameOriginRequest,
  MAX_JSON_BODY_BYTES,
} from "../src/server/request-guard";

process.env.DATABASE_URL ??= "postgresql://unused@127.0.0.1/unused";

const req = (headers: Record<string, string>) =>
  new Request("http://localhost:3000/api/trpc/apis.create", { method: "POST", headers });

test("mutations from this site pass the CSRF check", () => {
  assert.equal(isSameOriginRequest(req({ host: "localhost:3000", origin: "http://localhost:3000" })), true);
  assert.equal(isSameOriginRequest(req({ host: "localhost:3000", "sec-fetch-site": "same-origin" })), true);
});

test("mutations from elsewhere, or that do not say where from, are refused", () => {
  assert.equal(isSameOriginRequest(req({ host: "localhost:3000", origin: "http://evil.example" })), false);
  assert.equal(
    isSameOriginRequest(req({ host: "localhost:3000", origin: "http://weather.gw.localhost:3000" })),
    false,
  );
  assert.equal(isSameOriginRequest(req({ host: "localhost:3000", origin: "null" })), false);
  assert.equal(isSameOriginRequest(req({ host: "localhost:3000", "sec-fetch-site": "cross-site" })), false);
  assert.equal(isSameOriginRequest(req({ host: "localhost:3000" })), false);
});

test("only JSON bodies are accepted", () => {
  assert.equal(isJsonRequest(req({ "content-type": "application/json" })), true);
  assert.equal(isJsonRequest(req({ "content-type": "text/plain" })), false);
  assert.equal(isJsonRequest(req({ "content-type": "application/x-www-form-urlencoded" })), false);
});

test("a body announced larger than the limit is refused before it is read", () => {
  assert.equal(isBodyTooLarge(req({ "content-length": "100" })), false);
  assert.equal(isBodyTooLarge(req({})), false);
  assert.equal(isBodyTooLarge(req({ "content-length": String(MAX_JSON_BODY_BYTES + 1) })), true);
  assert.equal(isBodyTooLarge(req({ "content-length": "52428800" })), true);
  assert.equal(isBodyTooLarge(req({ "content-length": "abc" })), true);
});

test("a NUL character anywhere in a JSON value is found (Postgres text cannot store it)", () => {
  assert.equal(containsNul({ a: "x", b: [1, { c: "y" }] }), false);
  assert.equal(containsNul("a\0b"), true);
  assert.equal(containsNul({ 0: { json: { email: "a\0@b.c" } } }), true);
  assert.equal(containsNul({ list: ["ok", ["deep\0"]] }), true);
  assert.equal(containsNul({ "key\0": 1 }), true);
  assert.equal(containsNul(JSON.parse('{"name":"a\\u0000b"}')), true);
});
