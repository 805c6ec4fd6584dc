/**
 * LND's macaroon identifier: a version byte (3) followed by a protobuf `MacaroonId`
 * { nonce = 1 (bytes), storageId = 2 (bytes), ops = 3 (repeated Op { entity = 1, actions = 2 }) }.
 * Hand-rolled because it is four fields and the simnet must produce exactly LND's bytes.
 */

export interface MacaroonOp {
  entity: string;
  actions: string[];
}

export interface MacaroonId {
  nonce: Buffer;
  storageId: string;
  ops: MacaroonOp[];
}

const VERSION = 3;

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Buffer.from(out);
}

function field(tag: number, bytes: Buffer): Buffer {
  return Buffer.concat([varint((tag << 3) | 2), varint(bytes.length), bytes]);
}

export function encodeMacaroonId(id: MacaroonId): Buffer {
  const ops = id.ops.map((op) =>
    field(
      3,
      Buffer.concat([
        field(1, Buffer.from(op.entity, "utf8")),
        ...op.actions.map((a) => field(2, Buffer.from(a, "utf8"))),
      ]),
    ),
  );
  return Buffer.concat([
    Buffer.from([VERSION]),
    field(1, id.nonce),
    field(2, Buffer.from(id.storageId, "utf8")),
    ...ops,
  ]);
}

/** Length-delimited fields of a protobuf message; other wire types are skipped. */
function* readFields(buf: Buffer): Generator<{ tag: number; value: Buffer }> {
  let pos = 0;
  const readVarint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = buf[pos++];
      if (byte === undefined) throw new Error("truncated varint");
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
      shift += 7;
      if (shift > 49) throw new Error("varint too long");
    }
  };
  while (pos < buf.length) {
    const key = readVarint();
    const wire = key & 7;
    const tag = key >>> 3;
    if (wire === 2) {
      const len = readVarint();
      if (pos + len > buf.length) throw new Error("truncated field");
      yield { tag, value: buf.subarray(pos, pos + len) };
      pos += len;
    } else if (wire === 0) {
      readVarint();
    } else {
      throw new Error(`unsupported wire type ${wire}`);
    }
  }
}

export function decodeMacaroonId(identifier: Uint8Array): MacaroonId {
  const buf = Buffer.from(identifier);
  if (buf[0] !== VERSION) throw new Error("not an LND macaroon identifier");
  const id: MacaroonId = { nonce: Buffer.alloc(0), storageId: "", ops: [] };
  for (const { tag, value } of readFields(buf.subarray(1))) {
    if (tag === 1) id.nonce = Buffer.from(value);
    else if (tag === 2) id.storageId = value.toString("utf8");
    else if (tag === 3) {
      const op: MacaroonOp = { entity: "", actions: [] };
      for (const f of readFields(value)) {
        if (f.tag === 1) op.entity = f.value.toString("utf8");
        else if (f.tag === 2) op.actions.push(f.value.toString("utf8"));
      }
      id.ops.push(op);
    }
  }
  return id;
}
