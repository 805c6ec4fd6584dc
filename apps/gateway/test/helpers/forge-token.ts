/**
 * Builds a v2 binary macaroon from a root key and caveats, independently of l402-core (HMAC chain
 * and encoding written out here), so a test can sign tokens the gateway must refuse on meaning,
 * not on signature. (The `macaroon` npm package's encoder breaks on tokens this size.)
 */
import { createHmac } from "node:crypto";

function uvarint(n: number): number[] {
  const out: number[] = [];
  let x = n;
  while (x >= 0x80) {
    out.push((x & 0x7f) | 0x80);
    x >>>= 7;
  }
  out.push(x);
  return out;
}

function field(type: number, data: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([type, ...uvarint(data.length)]), data]);
}

const hmac = (key: Uint8Array, data: Uint8Array) => createHmac("sha256", key).update(data).digest();

export function forgeToken(rootKey: Uint8Array, identifier: Uint8Array, caveats: readonly string[]): string {
  let signature = hmac(hmac(Buffer.from("macaroons-key-generator"), rootKey), identifier);
  const parts: Buffer[] = [
    Buffer.from([2]),
    field(1, Buffer.from("tollbooth")),
    field(2, identifier),
    Buffer.from([0]),
  ];
  for (const caveat of caveats) {
    const id = Buffer.from(caveat, "utf8");
    signature = hmac(signature, id);
    parts.push(field(2, id), Buffer.from([0]));
  }
  parts.push(Buffer.from([0]), field(6, signature));
  return Buffer.concat(parts).toString("base64");
}
