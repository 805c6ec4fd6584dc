// The gateway's environment reads every variable the docs and docker-compose set, with the
// defaults of @tollbooth/contract.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_GATEWAY_DOMAIN, DEFAULT_PORTS } from "@tollbooth/contract";
import { optionsFromEnv, parseGatewayEnv } from "../src/config/env";

test("defaults: ports, domain, one process, admin on loopback", () => {
  const env = parseGatewayEnv({ DATABASE_URL: "postgresql://x" });
  const options = optionsFromEnv(env);
  assert.equal(options.port, DEFAULT_PORTS.gateway);
  assert.equal(options.adminPort, DEFAULT_PORTS.gatewayAdmin);
  assert.equal(options.domain, DEFAULT_GATEWAY_DOMAIN);
  assert.equal(options.adminHost, "127.0.0.1");
  assert.equal(env.GATEWAY_WORKERS, 1); // as the README says
});

test("GATEWAY_ADMIN_HOST (docker-compose sets 0.0.0.0) moves the admin port's address", () => {
  const options = optionsFromEnv(
    parseGatewayEnv({ DATABASE_URL: "postgresql://x", GATEWAY_ADMIN_HOST: "0.0.0.0" }),
  );
  assert.equal(options.adminHost, "0.0.0.0");
});
