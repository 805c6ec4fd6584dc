// `npm start` takes every port from its variable, else from the contract's defaults.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_PORTS, PORT_VARIABLES } from "../../packages/contract/src/defaults";
import { defaultPorts } from "../lib/stack.mjs";

test("each port: its variable when set, else the contract's default", () => {
  assert.deepEqual(defaultPorts({}), DEFAULT_PORTS);
  const moved = defaultPorts({ [PORT_VARIABLES.gateway]: "18402", [PORT_VARIABLES.postgres]: "15432" });
  assert.equal(moved.gateway, 18402);
  assert.equal(moved.postgres, 15432);
  assert.equal(moved.web, DEFAULT_PORTS.web);
});
