import assert from "node:assert/strict";
import { test } from "node:test";
import { contentSecurityPolicy } from "../src/server/security-headers";

const directive = (csp: string, name: string) =>
  csp
    .split("; ")
    .find((d) => d.startsWith(`${name} `))
    ?.slice(name.length + 1);

test("production: scripts need the nonce, connections go to our origin or a secure websocket only", () => {
  const csp = contentSecurityPolicy("abc123==", false, false);
  assert.equal(directive(csp, "script-src"), "'self' 'nonce-abc123==' 'strict-dynamic'");
  // Bitcoin Connect's NWC connector dials the relay the visitor's connection string names.
  assert.equal(directive(csp, "connect-src"), "'self' wss:");
  assert.doesNotMatch(csp, /ws:|unsafe-eval|\*/);
  assert.equal(directive(csp, "frame-ancestors"), "'none'");
});

test("development (TOLLBOOTH_ENV): plain websockets to loopback only, for the simnet's relay", () => {
  const csp = contentSecurityPolicy("abc123==", false, true);
  assert.equal(directive(csp, "connect-src"), "'self' wss: ws://127.0.0.1:* ws://localhost:*");
  assert.doesNotMatch(csp, /unsafe-eval/, "next start in development mode needs no eval");
  assert.match(contentSecurityPolicy("n", true, true), /script-src [^;]*'unsafe-eval'/, "next dev does");
});
