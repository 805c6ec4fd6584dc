import assert from "node:assert/strict";
import { test } from "node:test";
import {
  displayPrefix,
  hashApiKey,
  looksLikeApiKey,
  newApiKey,
  sameHash,
} from "../src/server/keys/api-key-token";
import { bearerToken } from "../src/server/keys/authenticate-api-key";
import { matchRoute } from "../src/server/management/match-route";
import { managementOpenApiDocument } from "../src/server/management/openapi-document";
import { MANAGEMENT_ROUTES } from "../src/server/management/routes";

test("a new key has the documented shape; its prefix and hash identify it, not reveal it", () => {
  const a = newApiKey();
  const b = newApiKey();
  assert.notEqual(a.key, b.key);
  assert.ok(looksLikeApiKey(a.key));
  assert.equal(a.prefix, displayPrefix(a.key));
  assert.ok(a.key.startsWith(a.prefix) && a.key.length - a.prefix.length >= 39);
  assert.equal(a.hash, hashApiKey(a.key));
  assert.ok(sameHash(a.hash, hashApiKey(a.key)));
  assert.ok(!sameHash(a.hash, b.hash));
  assert.ok(!sameHash(a.hash, ""));
  for (const bad of ["", "tb_live_", `tb_test_${a.key.slice(8)}`, `${a.key}x`, `${a.key.slice(0, -1)}!`]) {
    assert.equal(looksLikeApiKey(bad), false, bad);
  }
});

test("the bearer token is read from Authorization only in the Bearer scheme", () => {
  const h = (v?: string) => new Headers(v === undefined ? {} : { authorization: v });
  assert.equal(bearerToken(h()), undefined);
  assert.equal(bearerToken(h("Bearer abc")), "abc");
  assert.equal(bearerToken(h("bearer   abc  ")), "abc");
  assert.equal(bearerToken(h("Basic abc")), "");
  assert.equal(bearerToken(h("Bearer a b")), "");
});

test("routes match by path and method; a known path with another method lists what it allows", () => {
  const get = matchRoute(MANAGEMENT_ROUTES, "GET", "/apis/123/pricing");
  assert.equal(get.kind, "found");
  assert.deepEqual(get.kind === "found" && get.params, { apiId: "123" });
  assert.equal(matchRoute(MANAGEMENT_ROUTES, "GET", "/apis/").kind, "found", "a trailing slash is ignored");
  const wrong = matchRoute(MANAGEMENT_ROUTES, "POST", "/apis/123");
  assert.deepEqual(wrong, { kind: "wrong_method", allow: ["GET", "PATCH", "DELETE"] });
  assert.equal(matchRoute(MANAGEMENT_ROUTES, "GET", "/apis/123/nope").kind, "none");
  assert.equal(matchRoute(MANAGEMENT_ROUTES, "GET", "/apis//pricing").kind, "none");
  assert.equal(matchRoute(MANAGEMENT_ROUTES, "GET", "/apis/%E0%A4%A/pricing").kind, "none");
});

test("every route has a unique operation, and the document declares each path parameter", () => {
  const ops = MANAGEMENT_ROUTES.map((r) => r.operationId);
  assert.equal(new Set(ops).size, ops.length);
  const doc = managementOpenApiDocument("http://localhost/api/v1");
  for (const route of MANAGEMENT_ROUTES) {
    const op = (doc.paths[route.path] as Record<string, { parameters?: { name: string; in: string }[] }>)[
      route.method.toLowerCase()
    ];
    assert.ok(op, `${route.method} ${route.path}`);
    const declared = (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
    assert.deepEqual(declared, route.pathParams, `${route.method} ${route.path}`);
  }
  assert.match(doc.info.description, /Webhooks are not available yet/);
});
