import { z } from "zod";
import { isUniqueViolation } from "../apis/create-api";
import { inBackground } from "../background";
import type { Db } from "../db";
import { mailAlreadyRegistered, mailConfirmEmail, mailPasswordReset } from "./auth-mail";
import { issueAuthToken } from "./auth-token";
import { createSession } from "./create-session";
import { mayMail } from "./mail-throttle";
import { hashPassword } from "./password";
import { MAX_LENGTH, passwordProblem } from "./password-rules";
import type { Client } from "./sign-in";
import { reserveAttempt, THROTTLE } from "./throttle";

export const ZSignUpRequestSchema = z
  .object({
    email: z.string().trim().toLowerCase().email("Enter a valid email address.").max(200),
    password: z.string().max(MAX_LENGTH),
    name: z.string().trim().max(100).optional(),
    tenantName: z.string().trim().max(100).optional(),
  })
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v.password, v.email);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });
export type SignUpRequest = z.infer<typeof ZSignUpRequestSchema>;

export const SIGN_UP_SENT = "check_email" as const;

/**
 * Sign-up answers the same for a new address and a taken one — "check your email" — so it cannot
 * be used to find out who has an account. A new address gets an unconfirmed account and a
 * confirmation link; a confirmed account's owner is told someone tried; an unconfirmed account
 * (perhaps made by someone else with this address) gets a link to choose the password, which
 * only the mailbox's owner can follow. The password is hashed in both cases so the response time
 * matches; the lookup, the writes and the mail happen after the response.
 */
export async function requestSignUp(db: Db, input: SignUpRequest, client: Client) {
  await reserveAttempt(db, `signup-ip:${client.ip}`, THROTTLE.signUpIp, "sign-ups from your network");
  const passwordHash = await hashPassword(input.password);
  inBackground("sign-up", () => finishSignUp(db, input, passwordHash));
  return { status: SIGN_UP_SENT };
}

async function finishSignUp(db: Db, input: SignUpRequest, passwordHash: string): Promise<void> {
  const existing = await db.user.findUnique({ where: { email: input.email } });
  if (!existing) {
    try {
      const user = await createAccount(db, input, passwordHash, { verified: false });
      if (await mayMail(db, input.email))
        await mailConfirmEmail(input.email, await issueAuthToken(db, user.id, "verify_email"));
      return;
    } catch (err) {
      // Two sign-ups for one address at once: the unique index decides; the other is "existing".
      if (!isUniqueViolation(err)) throw err;
      return finishSignUp(db, input, passwordHash);
    }
  }
  if (!(await mayMail(db, input.email))) return;
  if (existing.emailVerifiedAt) await mailAlreadyRegistered(existing.email);
  else
    await mailPasswordReset(existing.email, await issueAuthToken(db, existing.id, "reset_password"), {
      finishSignUp: true,
    });
}

/**
 * A confirmed account and a first session at once, for the demo seed and tests that need a
 * signed-in provider; the sign-up form goes through requestSignUp and the mailed link.
 */
export async function signUp(db: Db, input: Omit<SignUpRequest, "password"> & { password: string }) {
  const passwordHash = await hashPassword(input.password);
  const user = await createAccount(db, input, passwordHash, { verified: true });
  const session = await createSession(db, user.id);
  return { userId: user.id, ...session };
}

function createAccount(
  db: Db,
  input: Pick<SignUpRequest, "email" | "name" | "tenantName">,
  passwordHash: string,
  opts: { verified: boolean },
) {
  const tenantName = input.tenantName || input.name || input.email.split("@")[0] || "My team";
  return db.$transaction(async (tx) => {
    const created = await tx.user.create({
      data: {
        email: input.email,
        name: input.name || null,
        passwordHash,
        emailVerifiedAt: opts.verified ? new Date() : null,
      },
    });
    const tenant = await tx.tenant.create({ data: { name: tenantName } });
    await tx.tenantMember.create({ data: { tenantId: tenant.id, userId: created.id, role: "owner" } });
    await tx.auditEvent.create({
      data: { tenantId: tenant.id, actorId: created.id, action: "tenant.created", target: tenantName },
    });
    return created;
  });
}
