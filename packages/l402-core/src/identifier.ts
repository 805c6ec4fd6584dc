import { type Bytes, toFixedBytes } from "./bytes";
import { L402Error, type L402ErrorInfo } from "./errors";

/** The standard L402 token identifier (aperture, LND): version, payment hash, token id. */
export interface Identifier {
  version: 0;
  /** lowercase hex, 32 bytes */
  paymentHash: string;
  /** lowercase hex, 32 bytes */
  tokenId: string;
}

export const IDENTIFIER_LENGTH = 66;

export function encodeIdentifier(input: { paymentHash: Bytes; tokenId: Bytes }): Buffer {
  const paymentHash = toFixedBytes(input.paymentHash, 32);
  const tokenId = toFixedBytes(input.tokenId, 32);
  if (!paymentHash) throw new L402Error("malformed", "The payment hash must be 32 bytes.");
  if (!tokenId) throw new L402Error("malformed", "The token id must be 32 bytes.");
  const out = Buffer.alloc(IDENTIFIER_LENGTH);
  out.writeUInt16BE(0, 0);
  paymentHash.copy(out, 2);
  tokenId.copy(out, 34);
  return out;
}

export type DecodeIdentifierResult =
  | { ok: true; identifier: Identifier }
  | { ok: false; error: L402ErrorInfo };

export function decodeIdentifier(bytes: Uint8Array): DecodeIdentifierResult {
  if (!(bytes instanceof Uint8Array) || bytes.length < 2) {
    return { ok: false, error: { code: "malformed", message: "The token identifier is too short." } };
  }
  const version = (bytes[0] as number) * 256 + (bytes[1] as number);
  if (version !== 0) {
    return {
      ok: false,
      error: {
        code: "unsupported_version",
        message: `Token identifier version ${version} is not supported.`,
      },
    };
  }
  if (bytes.length !== IDENTIFIER_LENGTH) {
    return {
      ok: false,
      error: { code: "malformed", message: `The token identifier must be ${IDENTIFIER_LENGTH} bytes.` },
    };
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    ok: true,
    identifier: {
      version: 0,
      paymentHash: buf.toString("hex", 2, 34),
      tokenId: buf.toString("hex", 34, 66),
    },
  };
}
