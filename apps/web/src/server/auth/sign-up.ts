import { z } from "zod";
import { isUniqueViolation } from "../apis/create-api";
import type { Db } from "../db";
import { AppError } from "../errors";
import { createSession } from "./create-session";
import { hashPassword } from "./password";

export const ZSignUpRequestSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address.").max(200),
  password: z.string().min(10, "Use at least 10 characters.").max(200),
  name: z.string().trim().max(100).optional(),
  tenantName: z.string().trim().max(100).optional(),
});
export type SignUpRequest = z.infer<typeof ZSignUpRequestSchema>;

/** Creates the user, their tenant (they own it) and a first session. */
export async function signUp(db: Db, input: SignUpRequest) {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new AppError("conflict", EMAIL_TAKEN);
  const passwordHash = await hashPassword(input.password);
  const tenantName = input.tenantName || input.name || input.email.split("@")[0] || "My team";
  let user: { id: string };
  try {
    user = await createAccount(db, input, passwordHash, tenantName);
  } catch (err) {
    // Two sign-ups for one email at once: the unique index decides, the loser hears why.
    if (isUniqueViolation(err)) throw new AppError("conflict", EMAIL_TAKEN);
    throw err;
  }
  const session = await createSession(db, user.id);
  return { userId: user.id, ...session };
}

const EMAIL_TAKEN = "An account with this email already exists. Sign in instead.";

function createAccount(db: Db, input: SignUpRequest, passwordHash: string, tenantName: string) {
  return db.$transaction(async (tx) => {
    const created = await tx.user.create({
      data: { email: input.email, name: input.name || null, passwordHash },
    });
    const tenant = await tx.tenant.create({ data: { name: tenantName } });
    await tx.tenantMember.create({ data: { tenantId: tenant.id, userId: created.id, role: "owner" } });
    await tx.auditEvent.create({
      data: { tenantId: tenant.id, actorId: created.id, action: "tenant.created", target: tenantName },
    });
    return created;
  });
}
