import { isUtf8 } from "node:buffer";

/**
 * Macaroon v2 binary format (the one LND, aperture and the `macaroon` npm package use), parsed
 * without the library so the gateway's hot path stays on Buffers and node:crypto.
 * Field types: 0 end-of-section, 1 location, 2 identifier, 4 verification id, 6 signature.
 */
export interface RawCaveat {
  location?: Buffer;
  id: Buffer;
  /** present only on third-party caveats, which we never mint and always refuse */
  vid?: Buffer;
}

export interface RawMacaroon {
  location?: Buffer;
  identifier: Buffer;
  caveats: RawCaveat[];
  signature: Buffer;
}

const EOS = 0;
const LOCATION = 1;
const IDENTIFIER = 2;
const VID = 4;
const SIGNATURE = 6;

/** Hard caps so hostile input cannot make us allocate or loop much. */
const MAX_CAVEATS = 64;

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  peek(): number {
    return this.pos < this.buf.length ? (this.buf[this.pos] as number) : -1;
  }

  /** Reads a field of the given type, or returns undefined when the next field is of another type. */
  field(type: number): Buffer | undefined {
    if (this.peek() !== type) return undefined;
    this.pos++;
    if (type === EOS) return EMPTY;
    const length = this.varint();
    if (length < 0 || this.pos + length > this.buf.length) return undefined;
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  /** Unsigned LEB128, at most 32 bits like the reference implementations; -1 on error. */
  varint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (this.pos >= this.buf.length) return -1;
      const byte = this.buf[this.pos++] as number;
      if (shift === 28 && byte > 0x0f) return -1;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    return -1;
  }
}

const EMPTY = Buffer.alloc(0);

function validLocation(location: Buffer | undefined): boolean {
  return location === undefined || isUtf8(location);
}

export function decodeMacaroon(bytes: Buffer): RawMacaroon | undefined {
  const r = new Reader(bytes);
  if (r.peek() !== 2) return undefined;
  r.pos = 1;
  const location = r.field(LOCATION);
  if (!validLocation(location)) return undefined;
  const identifier = r.field(IDENTIFIER);
  if (!identifier || !r.field(EOS)) return undefined;
  const caveats: RawCaveat[] = [];
  while (r.field(EOS) === undefined) {
    if (caveats.length >= MAX_CAVEATS) return undefined;
    const cavLocation = r.field(LOCATION);
    if (!validLocation(cavLocation)) return undefined;
    const id = r.field(IDENTIFIER);
    if (!id) return undefined;
    const vid = r.field(VID);
    if (!r.field(EOS)) return undefined;
    const caveat: RawCaveat = { id };
    if (cavLocation) caveat.location = cavLocation;
    if (vid) caveat.vid = vid;
    caveats.push(caveat);
  }
  const signature = r.field(SIGNATURE);
  if (signature?.length !== 32 || r.pos !== bytes.length) return undefined;
  const out: RawMacaroon = { identifier, caveats, signature };
  if (location) out.location = location;
  return out;
}

function pushField(parts: Buffer[], type: number, data?: Buffer): void {
  if (type === EOS) {
    parts.push(Buffer.of(EOS));
    return;
  }
  const header: number[] = [type];
  let n = data?.length ?? 0;
  while (n >= 0x80) {
    header.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  header.push(n);
  parts.push(Buffer.from(header));
  if (data) parts.push(data);
}

export function encodeMacaroon(m: RawMacaroon): Buffer {
  const parts: Buffer[] = [Buffer.of(2)];
  if (m.location) pushField(parts, LOCATION, m.location);
  pushField(parts, IDENTIFIER, m.identifier);
  pushField(parts, EOS);
  for (const caveat of m.caveats) {
    if (caveat.location) pushField(parts, LOCATION, caveat.location);
    pushField(parts, IDENTIFIER, caveat.id);
    if (caveat.vid) pushField(parts, VID, caveat.vid);
    pushField(parts, EOS);
  }
  pushField(parts, EOS);
  pushField(parts, SIGNATURE, m.signature);
  return Buffer.concat(parts);
}
