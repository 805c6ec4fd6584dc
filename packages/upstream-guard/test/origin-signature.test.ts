import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import {
  canonicalString,
  contentDigest,
  EMPTY_BODY_DIGEST,
  forbiddenSecretHeaderReason,
  ORIGIN_SIGNATURE_TOLERANCE_SECONDS,
  signatureHeader,
  UNSIGNED_PAYLOAD,
  verifyOriginSignature,
} from "../src/index";

const SECRET = `tbos_${"ab".repeat(32)}`;
const T = 1_800_000_000;

function signed(body: string, target = "/v1/x?a=1", method = "POST") {
  const digest = contentDigest(body);
  return { digest, signature: signatureHeader(SECRET, { timestamp: T, method, target, digest }) };
}

describe("origin signature rule", () => {
  it("the canonical string is the five parts, newline-separated, under the version tag", () => {
    assert.equal(
      canonicalString({ timestamp: T, method: "GET", target: "/a?b=c", digest: EMPTY_BODY_DIGEST }),
      `tollbooth-v1\n${T}\nGET\n/a?b=c\n${EMPTY_BODY_DIGEST}`,
    );
    assert.equal(EMPTY_BODY_DIGEST, `sha-256=${createHash("sha256").update("").digest("hex")}`);
  });

  it("verifies what it signed, and nothing altered", () => {
    const { digest, signature } = signed("{}");
    const base = {
      secret: SECRET,
      method: "POST",
      target: "/v1/x?a=1",
      body: "{}",
      signature,
      digest,
      now: T,
    };
    assert.deepEqual(verifyOriginSignature(base), { ok: true, unsignedPayload: false });
    assert.equal(verifyOriginSignature({ ...base, target: "/v1/x?a=2" }).ok, false);
    assert.equal(verifyOriginSignature({ ...base, method: "PUT" }).ok, false);
    assert.deepEqual(verifyOriginSignature({ ...base, body: "{ }" }), {
      ok: false,
      reason: "digest_mismatch",
    });
    assert.deepEqual(verifyOriginSignature({ ...base, secret: `${SECRET}0` }), {
      ok: false,
      reason: "bad_signature",
    });
    assert.equal(verifyOriginSignature({ ...base, now: T + ORIGIN_SIGNATURE_TOLERANCE_SECONDS }).ok, true);
    assert.deepEqual(verifyOriginSignature({ ...base, now: T + ORIGIN_SIGNATURE_TOLERANCE_SECONDS + 1 }), {
      ok: false,
      reason: "stale",
    });
    assert.deepEqual(verifyOriginSignature({ ...base, signature: `${signature} ` }), {
      ok: false,
      reason: "malformed",
    });
    assert.deepEqual(verifyOriginSignature({ ...base, signature: undefined }), {
      ok: false,
      reason: "missing",
    });
  });

  it("UNSIGNED-PAYLOAD passes only when the verifier accepts streamed bodies", () => {
    const signature = signatureHeader(SECRET, {
      timestamp: T,
      method: "POST",
      target: "/u",
      digest: UNSIGNED_PAYLOAD,
    });
    const base = {
      secret: SECRET,
      method: "POST",
      target: "/u",
      body: "anything",
      signature,
      digest: UNSIGNED_PAYLOAD,
      now: T,
    };
    assert.deepEqual(verifyOriginSignature(base), { ok: false, reason: "unsigned_payload" });
    assert.deepEqual(verifyOriginSignature({ ...base, allowUnsignedPayload: true }), {
      ok: true,
      unsignedPayload: true,
    });
  });

  it("the signature headers cannot carry the upstream secret", () => {
    assert.notEqual(forbiddenSecretHeaderReason("Tollbooth-Signature"), null);
    assert.notEqual(forbiddenSecretHeaderReason("tollbooth-content-digest"), null);
  });
});
