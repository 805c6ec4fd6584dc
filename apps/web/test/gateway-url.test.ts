import assert from "node:assert/strict";
import { test } from "node:test";
import { AppError } from "../src/server/errors";
import { gatewayRequestUrl } from "../src/server/tryit/gateway-url";

const BASE = "http://127.0.0.1:8402";

test("a path on the API stays under the API's slug", () => {
  assert.equal(gatewayRequestUrl(BASE, "weather", "/current").href, `${BASE}/weather/current`);
  assert.equal(gatewayRequestUrl(`${BASE}/`, "weather", "/").href, `${BASE}/weather/`);
  assert.equal(gatewayRequestUrl(BASE, "weather", "/a/./b?x=1").href, `${BASE}/weather/a/b?x=1`);
  assert.equal(gatewayRequestUrl(`${BASE}/gw`, "weather", "/current").href, `${BASE}/gw/weather/current`);
});

test("dot segments, plain or percent-encoded, cannot leave the API", () => {
  for (const path of [
    "/../quotes/random",
    "/%2e%2e/quotes/random",
    "/.%2E/quotes/random",
    "/%2E%2E/%2e%2e/metrics",
    "/x/../../other-api/",
    "/%2e%2e",
  ]) {
    assert.throws(
      () => gatewayRequestUrl(BASE, "weather", path),
      (err: unknown) => err instanceof AppError && err.code === "bad_request",
      path,
    );
  }
});

test("a sibling slug that merely starts with the same letters is not inside the API", () => {
  assert.throws(() => gatewayRequestUrl(BASE, "weather", "/../weather-private/x"), AppError);
});
