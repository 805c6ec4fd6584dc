import type { TRPCRouterRecord } from "@trpc/server";
import { confirmEmail, ZConfirmEmailSchema } from "../../auth/confirm-email";
import {
  requestPasswordReset,
  resetPassword,
  ZRequestPasswordResetSchema,
  ZResetPasswordSchema,
} from "../../auth/password-reset";
import { clearedSessionCookie, sessionCookie } from "../../auth/session-token";
import { type Client, signIn, UNKNOWN_CLIENT, ZSignInRequestSchema } from "../../auth/sign-in";
import { signOut } from "../../auth/sign-out";
import { requestSignUp, ZSignUpRequestSchema } from "../../auth/sign-up";
import { publicProcedure, type TrpcContext } from "../init";

const client = (ctx: TrpcContext): Client => (ctx.clientIp ? { ip: ctx.clientIp } : UNKNOWN_CLIENT);

/** Procedures that hash a password or send a mail: never inside a batch (see the tRPC route). */
export const UNBATCHABLE_AUTH = [
  "auth.signUp",
  "auth.signIn",
  "auth.confirmEmail",
  "auth.requestPasswordReset",
  "auth.resetPassword",
];

export const authRouter = {
  me: publicProcedure.query(({ ctx }) => ctx.user),
  signUp: publicProcedure
    .input(ZSignUpRequestSchema)
    .mutation(({ ctx, input }) => requestSignUp(ctx.db, input, client(ctx))),
  confirmEmail: publicProcedure.input(ZConfirmEmailSchema).mutation(async ({ ctx, input }) => {
    const s = await confirmEmail(ctx.db, input, client(ctx));
    ctx.resHeaders.append("set-cookie", sessionCookie(s.token, { secure: ctx.secure, expires: s.expiresAt }));
    return { userId: s.userId };
  }),
  signIn: publicProcedure.input(ZSignInRequestSchema).mutation(async ({ ctx, input }) => {
    const s = await signIn(ctx.db, input, client(ctx));
    ctx.resHeaders.append("set-cookie", sessionCookie(s.token, { secure: ctx.secure, expires: s.expiresAt }));
    return { userId: s.userId };
  }),
  requestPasswordReset: publicProcedure
    .input(ZRequestPasswordResetSchema)
    .mutation(({ ctx, input }) => requestPasswordReset(ctx.db, input, client(ctx))),
  resetPassword: publicProcedure
    .input(ZResetPasswordSchema)
    .mutation(({ ctx, input }) => resetPassword(ctx.db, input)),
  signOut: publicProcedure.mutation(async ({ ctx }) => {
    await signOut(ctx.db, ctx.sessionToken);
    ctx.resHeaders.append("set-cookie", clearedSessionCookie(ctx.secure));
    return { ok: true as const };
  }),
} satisfies TRPCRouterRecord;
