import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { decodeMacaroonId, encodeMacaroonId, type MacaroonOp } from "./macaroon-id";

// The `macaroon` package (the one ln-service uses) ships no types. It is loaded through require with
// a local interface, not an ambient `declare module`, so it cannot clash with another package's.
interface Macaroon {
  readonly identifier: Uint8Array;
  exportBinary(): Uint8Array;
  verify(rootKey: Uint8Array, check: (condition: string) => string | null): void;
}
const { importMacaroon, newMacaroon } = createRequire(import.meta.url)("macaroon") as {
  importMacaroon(bytes: Uint8Array): Macaroon;
  newMacaroon(args: { identifier: Uint8Array; location: string; rootKey: Uint8Array; version: 2 }): Macaroon;
};

/**
 * Baking and checking macaroons the way LND does: location "lnd", identifier = LND MacaroonId
 * whose storage id names the node (LND's root key id), signed with that node's root key.
 */

export function bakeMacaroon(rootKeyHex: string, storageId: string, ops: MacaroonOp[]): string {
  const identifier = encodeMacaroonId({ nonce: randomBytes(16), storageId, ops });
  const mac = newMacaroon({
    identifier,
    location: "lnd",
    rootKey: Buffer.from(rootKeyHex, "hex"),
    version: 2,
  });
  return Buffer.from(mac.exportBinary()).toString("hex");
}

export class MacaroonRejected extends Error {}

export interface VerifiedMacaroon {
  storageId: string;
  ops: MacaroonOp[];
}

/** Parses the macaroon and names its node; the signature is checked by `verifyMacaroon`. */
export function readMacaroon(serialized: string): { storageId: string; ops: MacaroonOp[]; bytes: Buffer } {
  const bytes = /^[0-9a-f]+$/i.test(serialized)
    ? Buffer.from(serialized, "hex")
    : Buffer.from(serialized, "base64");
  let identifier: Uint8Array;
  try {
    identifier = importMacaroon(bytes).identifier;
  } catch {
    throw new MacaroonRejected("cannot decode macaroon: invalid encoding");
  }
  try {
    const id = decodeMacaroonId(identifier);
    return { storageId: id.storageId, ops: id.ops, bytes };
  } catch {
    throw new MacaroonRejected("cannot decode macaroon identifier: not an lnd macaroon");
  }
}

/**
 * Throws MacaroonRejected unless the signature chains from rootKey and every caveat holds. Returns
 * until when it stays valid: the earliest `time-before` (ms since epoch), or Infinity.
 */
export function verifyMacaroon(bytes: Buffer, rootKeyHex: string, now: Date): { notAfter: number } {
  const mac = importMacaroon(bytes);
  let notAfter = Number.POSITIVE_INFINITY;
  try {
    mac.verify(Buffer.from(rootKeyHex, "hex"), (condition) => {
      const failure = checkCaveat(condition, now);
      if (!failure && condition.startsWith("time-before ")) {
        notAfter = Math.min(notAfter, Date.parse(condition.slice("time-before ".length)));
      }
      return failure;
    });
  } catch (err) {
    throw new MacaroonRejected(`verification failed: ${(err as Error).message}`);
  }
  return { notAfter };
}

// LND's standard first-party caveats; anything else fails closed.
function checkCaveat(condition: string, now: Date): string | null {
  const [name, ...rest] = condition.split(" ");
  const value = rest.join(" ");
  if (name === "time-before") {
    const deadline = Date.parse(value);
    if (Number.isNaN(deadline)) return "invalid time-before caveat";
    return now.getTime() < deadline ? null : "macaroon has expired";
  }
  if (name === "ipaddr") return null; // every simnet caller is on loopback
  return `unknown caveat: ${name}`;
}
