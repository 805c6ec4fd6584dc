import assert from "node:assert/strict";
import { test } from "node:test";
import { snippetsFor } from "../src/lib/snippets";

const urls = {
  subdomain: "http://weather.gw.localhost:8402/current",
  path: "http://127.0.0.1:8402/weather/current",
};

test("curl uses the subdomain URL; Node clients use the path-style URL", () => {
  const s = snippetsFor(urls, "GET");
  assert.match(s.curl, /curl -i 'http:\/\/weather\.gw\.localhost:8402\/current'/);
  assert.match(s.curl, /Authorization: L402 <macaroon>:<preimage>/);
  assert.match(s.cli, /npx tollbooth fetch 'http:\/\/127\.0\.0\.1:8402\/weather\/current' --max-sats \d+/);
  assert.match(s.typescript, /const url = "http:\/\/127\.0\.0\.1:8402\/weather\/current"/);
  assert.doesNotMatch(s.cli + s.typescript, /gw\.localhost/);
});

test("non-GET methods are carried into every snippet", () => {
  const s = snippetsFor(urls, "POST");
  assert.match(s.curl, /curl -i -X POST/);
  assert.match(s.cli, /fetch -X POST/);
  assert.match(s.typescript, /method: "POST"/);
  assert.match(snippetsFor(urls, "*").curl, /curl -i 'http/);
});
