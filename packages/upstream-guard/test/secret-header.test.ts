import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { forbiddenSecretHeaderReason } from "../src/secret-header";

describe("secret header names", () => {
  // Exactly the names that frame, route or belong to the connection, or that the gateway writes.
  const refused = [
    "Host",
    "content-length",
    "Transfer-Encoding",
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authenticate",
    "Proxy-Authorization",
    "te",
    "trailer",
    "upgrade",
    "http2-settings",
    "expect",
    "forwarded",
    "X-Forwarded-For",
    "x-forwarded-host",
    "x-forwarded-proto",
    "x-forwarded-port",
    "x-real-ip",
  ];
  for (const name of refused) {
    it(`${name} is refused`, () => {
      assert.match(String(forbiddenSecretHeaderReason(name)), /cannot carry the secret/);
    });
  }
  for (const name of ["Authorization", "X-Api-Key", "api-key", "X-Upstream-Token"]) {
    it(`${name} may carry the secret`, () => {
      assert.equal(forbiddenSecretHeaderReason(name), null);
    });
  }
  for (const name of ["", "X Api Key", "x-key\r\nHost", "a".repeat(101), "é"]) {
    it(`${JSON.stringify(name).slice(0, 30)} is not a header name`, () => {
      assert.equal(forbiddenSecretHeaderReason(name), "not a valid HTTP header name");
    });
  }
});
