import { createHash, randomBytes } from "node:crypto";
import macaroonLib from "macaroon";
import { type MintInput, mintToken, newRootKey, newTokenId } from "../src/index";
import { encodeMacaroon, type RawCaveat } from "../src/macaroon-binary";

export const NOW = 1_800_000_000;

/** A fresh token with its secrets; override any mint field. */
export function makeToken(overrides: Partial<MintInput> = {}) {
  const rootKey = newRootKey();
  const preimage = randomBytes(32);
  const paymentHash = createHash("sha256").update(preimage).digest();
  const input: MintInput = {
    rootKey,
    paymentHash,
    tokenId: newTokenId(),
    service: "weather",
    validUntil: NOW + 3600,
    calls: 10,
    budgetMsat: 100_000,
    ...overrides,
  };
  const macaroon = mintToken(input);
  return {
    rootKey,
    preimage: preimage.toString("hex"),
    paymentHash: paymentHash.toString("hex"),
    macaroon,
    credential: { macaroons: [macaroon], preimage: preimage.toString("hex") },
  };
}

/** A token with arbitrary caveats, signed by the `macaroon` library (so tests do not trust our signer). */
export function craftToken(
  caveats: readonly string[],
  options: { identifier?: Buffer; thirdParty?: boolean } = {},
) {
  const rootKey = newRootKey();
  const preimage = randomBytes(32);
  const paymentHash = createHash("sha256").update(preimage).digest();
  const identifier = options.identifier ?? Buffer.concat([Buffer.of(0, 0), paymentHash, newTokenId()]);
  const m = macaroonLib.newMacaroon({ identifier, rootKey, version: 2 });
  for (const c of caveats) m.addFirstPartyCaveat(c);
  const raw = {
    identifier,
    caveats: m.caveats.map((c) => ({ id: Buffer.from(c.identifier) })) as RawCaveat[],
    signature: Buffer.from(m.signature),
  };
  if (options.thirdParty) raw.caveats.push({ id: Buffer.from("third"), vid: Buffer.alloc(72, 1) });
  const macaroon = encodeMacaroon(raw).toString("base64");
  return {
    rootKey,
    preimage: preimage.toString("hex"),
    macaroon,
    credential: { macaroons: [macaroon], preimage: preimage.toString("hex") },
  };
}
