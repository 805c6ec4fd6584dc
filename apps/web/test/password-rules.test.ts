import assert from "node:assert/strict";
import { test } from "node:test";
import { ZSignUpRequestSchema } from "../src/server/auth/sign-up";

/** The sign-up schema is what the form and the API both go through. */
function refusal(password: string, email = "owner@example.com"): string | null {
  const r = ZSignUpRequestSchema.safeParse({ email, password });
  return r.success ? null : (r.error.issues[0]?.message ?? "refused");
}

test("blank and whitespace-only passwords are refused, however long", () => {
  for (const p of [
    "",
    " ",
    "          ",
    "\t\t\t\t\t\t\t\t\t\t",
    " \u00a0 \u3000 \n \r  \u2003 ",
    " ".repeat(200),
  ]) {
    assert.notEqual(refusal(p), null, JSON.stringify(p));
  }
});

test("common passwords are refused, in any case, with spaces around", () => {
  for (const p of [
    "password123",
    "qwertyuiop",
    "1234567890",
    "Basketball",
    "  iloveyou12  ",
    "aaaaaaaaaaaa",
  ]) {
    assert.match(refusal(p) ?? "", /too common|at least/, p);
  }
});

test("the email, or its local part, is refused as the password", () => {
  assert.match(refusal("owner@example.com") ?? "", /email/);
  assert.match(refusal("OWNER@EXAMPLE.COM") ?? "", /email/);
  assert.match(refusal("alexander.h", "alexander.h@example.com") ?? "", /email/);
});

test("ordinary strong passwords pass; too short and too long are refused with a sentence", () => {
  assert.equal(refusal("correct horse battery staple"), null);
  assert.equal(refusal("a long enough password"), null);
  assert.match(refusal("short") ?? "", /at least 10/);
  assert.notEqual(refusal("x".repeat(201)), null);
});
