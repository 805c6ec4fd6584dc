/** Bytes given either as raw bytes or as hex. */
export type Bytes = Uint8Array | string;

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** Hex or bytes → Buffer of exactly `length` bytes, or undefined. */
export function toFixedBytes(value: Bytes, length: number): Buffer | undefined {
  if (typeof value === "string") {
    if (value.length !== length * 2 || !HEX.test(value)) return undefined;
    return Buffer.from(value, "hex");
  }
  if (!(value instanceof Uint8Array) || value.length !== length) return undefined;
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Strict base64 (standard or URL-safe, padded or not) → bytes; undefined on anything else. */
export function decodeBase64(text: string): Buffer | undefined {
  // Node's decoder silently skips invalid characters, so validate the alphabet first.
  if (text.length === 0 || text.length % 4 === 1 || !BASE64.test(text)) return undefined;
  return Buffer.from(text, "base64");
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}
