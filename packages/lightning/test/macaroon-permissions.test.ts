import assert from "node:assert/strict";
import { test } from "node:test";
import { macaroonPermissions } from "../src/macaroon-permissions";

// Builds an LND-shaped v2 macaroon by hand: 0x02, location (type 1), identifier (type 2), EOS,
// EOS (no caveats), signature (type 6). The identifier is 0x03 + protobuf MacaroonId.
const varint = (n: number) => Buffer.from(n < 0x80 ? [n] : [(n & 0x7f) | 0x80, n >> 7]);
const pb = (tag: number, data: Buffer) => Buffer.concat([varint((tag << 3) | 2), varint(data.length), data]);
const v2 = (type: number, data: Buffer) => Buffer.concat([varint(type), varint(data.length), data]);

function lndMacaroon(ops: Array<[string, string[]]>): Buffer {
  const id = Buffer.concat([
    Buffer.from([3]),
    pb(1, Buffer.alloc(16, 1)),
    pb(2, Buffer.from("0")),
    ...ops.map(([entity, actions]) =>
      pb(3, Buffer.concat([pb(1, Buffer.from(entity)), ...actions.map((a) => pb(2, Buffer.from(a)))])),
    ),
  ]);
  return Buffer.concat([
    Buffer.from([2]),
    v2(1, Buffer.from("lnd")),
    v2(2, id),
    Buffer.from([0, 0]),
    v2(6, Buffer.alloc(32, 9)),
  ]);
}

test("reads entity:action pairs from a hex or base64 LND macaroon", () => {
  const mac = lndMacaroon([
    ["invoices", ["read", "write"]],
    ["onchain", ["read"]],
  ]);
  const expected = [
    { entity: "invoices", action: "read" },
    { entity: "invoices", action: "write" },
    { entity: "onchain", action: "read" },
  ];
  assert.deepEqual(macaroonPermissions(mac.toString("hex")), expected);
  assert.deepEqual(macaroonPermissions(mac.toString("base64")), expected);
});

test("rejects what is not an LND macaroon", () => {
  assert.throws(() => macaroonPermissions("00ff"));
  assert.throws(() => macaroonPermissions(""));
  const notLnd = Buffer.concat([
    Buffer.from([2]),
    v2(2, Buffer.from("plain identifier")),
    Buffer.from([0, 0]),
  ]);
  assert.throws(() => macaroonPermissions(notLnd.toString("hex")), /not an LND macaroon/);
});
