import type { TRPCRouterRecord } from "@trpc/server";
import { clearedSessionCookie, sessionCookie } from "../../auth/session-token";
import { signIn, ZSignInRequestSchema } from "../../auth/sign-in";
import { signOut } from "../../auth/sign-out";
import { signUp, ZSignUpRequestSchema } from "../../auth/sign-up";
import { publicProcedure } from "../init";

export const authRouter = {
  me: publicProcedure.query(({ ctx }) => ctx.user),
  signUp: publicProcedure.input(ZSignUpRequestSchema).mutation(async ({ ctx, input }) => {
    const s = await signUp(ctx.db, input);
    ctx.resHeaders.append("set-cookie", sessionCookie(s.token, { secure: ctx.secure, expires: s.expiresAt }));
    return { userId: s.userId };
  }),
  signIn: publicProcedure.input(ZSignInRequestSchema).mutation(async ({ ctx, input }) => {
    const s = await signIn(ctx.db, input);
    ctx.resHeaders.append("set-cookie", sessionCookie(s.token, { secure: ctx.secure, expires: s.expiresAt }));
    return { userId: s.userId };
  }),
  signOut: publicProcedure.mutation(async ({ ctx }) => {
    await signOut(ctx.db, ctx.sessionToken);
    ctx.resHeaders.append("set-cookie", clearedSessionCookie(ctx.secure));
    return { ok: true as const };
  }),
} satisfies TRPCRouterRecord;
