/**
 * Reads the permissions out of an LND macaroon without asking the node. LND's identifier is a
 * version byte (3) then a protobuf MacaroonId { nonce=1, storageId=2, ops=3 Op{entity=1, actions=2} }.
 */

export interface MacaroonPermission {
  entity: string;
  action: string;
}

/** Minimal protobuf reader: length-delimited fields only, varints skipped. */
function* fields(buf: Buffer): Generator<{ tag: number; value: Buffer }> {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    for (let shift = 0; shift < 50; shift += 7) {
      const byte = buf[pos++];
      if (byte === undefined) throw new Error("truncated");
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
    }
    throw new Error("varint too long");
  };
  while (pos < buf.length) {
    const key = varint();
    if ((key & 7) === 0) {
      varint();
      continue;
    }
    if ((key & 7) !== 2) throw new Error("unexpected wire type");
    const len = varint();
    if (pos + len > buf.length) throw new Error("truncated");
    yield { tag: key >>> 3, value: buf.subarray(pos, pos + len) };
    pos += len;
  }
}

/** The identifier of a v2 binary macaroon (field type 2 of the header section). */
function macaroonIdentifier(bytes: Buffer): Buffer {
  if (bytes[0] !== 2) throw new Error("not a v2 binary macaroon");
  let pos = 1;
  const varint = (): number => {
    let result = 0;
    for (let shift = 0; shift < 50; shift += 7) {
      const byte = bytes[pos++];
      if (byte === undefined) throw new Error("truncated");
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
    }
    throw new Error("varint too long");
  };
  while (pos < bytes.length) {
    const type = varint();
    if (type === 0) break;
    const len = varint();
    if (type === 2) return bytes.subarray(pos, pos + len);
    pos += len;
  }
  throw new Error("macaroon has no identifier");
}

export function decodeMacaroon(serialized: string): Buffer {
  const s = serialized.trim();
  return /^[0-9a-f]+$/i.test(s) && s.length % 2 === 0 ? Buffer.from(s, "hex") : Buffer.from(s, "base64");
}

/** Throws when the macaroon is not an LND macaroon. */
export function macaroonPermissions(serialized: string): MacaroonPermission[] {
  const id = macaroonIdentifier(decodeMacaroon(serialized));
  if (id[0] !== 3) throw new Error("not an LND macaroon identifier");
  const out: MacaroonPermission[] = [];
  for (const f of fields(id.subarray(1))) {
    if (f.tag !== 3) continue;
    let entity = "";
    const actions: string[] = [];
    for (const g of fields(f.value)) {
      if (g.tag === 1) entity = g.value.toString("utf8");
      if (g.tag === 2) actions.push(g.value.toString("utf8"));
    }
    for (const action of actions) out.push({ entity, action });
  }
  return out;
}
