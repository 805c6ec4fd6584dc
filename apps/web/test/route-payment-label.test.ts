import assert from "node:assert/strict";
import { test } from "node:test";
import { routePaymentLabel } from "../src/lib/format";

test("a route's price says what one payment buys", () => {
  const table: Array<[Parameters<typeof routePaymentLabel>[0], string]> = [
    [{ kind: "per_call", priceSats: 10, callsPerToken: 10, passSeconds: null }, "10 calls for 100 sats"],
    [{ kind: "per_call", priceSats: 1, callsPerToken: 1, passSeconds: null }, "1 call for 1 sat"],
    [{ kind: "time_pass", priceSats: 20, callsPerToken: 1, passSeconds: 3600 }, "1 hour pass for 20 sats"],
    [{ kind: "free", priceSats: 0, callsPerToken: 1, passSeconds: null }, "Free"],
  ];
  for (const [route, label] of table) assert.equal(routePaymentLabel(route), label);
});
