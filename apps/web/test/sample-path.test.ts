import assert from "node:assert/strict";
import { test } from "node:test";
import { gatewayUrlsFor } from "../src/lib/gateway-urls";
import { quoteRouteFor, samplePathFor } from "../src/server/quotes/sample-path";

test("a concrete path is derived from each pattern form", () => {
  assert.equal(samplePathFor("/current"), "/current");
  assert.equal(samplePathFor("/v1/*"), "/v1/");
  assert.equal(samplePathFor("/*"), "/");
  assert.equal(samplePathFor("/quotes/:id"), "/quotes/1");
  assert.equal(samplePathFor("/a/:x/b/:y"), "/a/1/b/1");
});

test("the quote is taken for the first paid rule", () => {
  const rules = [
    { position: 0, method: "GET", pathPattern: "/cities", kind: "free" },
    { position: 2, method: "*", pathPattern: "/forecast", kind: "per_call" },
    { position: 1, method: "POST", pathPattern: "/current", kind: "per_call" },
  ];
  assert.deepEqual(quoteRouteFor(rules), { method: "POST", path: "/current" });
  assert.deepEqual(quoteRouteFor([{ position: 0, method: "*", pathPattern: "/x/*", kind: "free" }]), {
    method: "GET",
    path: "/x/",
  });
  assert.equal(quoteRouteFor([]), null);
});

test("both gateway URL styles", () => {
  assert.deepEqual(
    gatewayUrlsFor("weather", { domain: "gw.localhost", port: 8402, publicUrl: "http://127.0.0.1:8402/" }),
    {
      subdomain: "http://weather.gw.localhost:8402/",
      path: "http://127.0.0.1:8402/weather/",
    },
  );
});
