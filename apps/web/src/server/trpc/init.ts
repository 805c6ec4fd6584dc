import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { AppError } from "../errors";

export interface TrpcContext {
  db: Db;
  user: SessionUser | null;
  /** The raw session cookie value, so sign-out can delete it. */
  sessionToken: string | undefined;
  /** Headers added to the HTTP response (Set-Cookie). */
  resHeaders: Headers;
  /** Whether cookies are Secure and `__Host-` named: always in production, else over https. */
  secure: boolean;
  /** The client address the sign-in throttle keys on (see auth/client-ip.ts). */
  clientIp?: string;
}

const TRPC_CODE = {
  bad_request: "BAD_REQUEST",
  unauthorized: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  too_many_requests: "TOO_MANY_REQUESTS",
  upstream_error: "BAD_GATEWAY",
  unavailable: "SERVICE_UNAVAILABLE",
} as const;

const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error }) {
    const zod = error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      // Validation messages are written for people; show the first one as the message.
      message: zod ? (zod.issues[0]?.message ?? "Check the form and try again.") : shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        appCode: error.cause instanceof AppError ? error.cause.code : null,
      },
    };
  },
});

/** Turns the business layer's AppError into the matching tRPC error, hiding anything else. */
const appErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      if (cause.retryAfterSeconds !== undefined)
        ctx.resHeaders.set("retry-after", String(cause.retryAfterSeconds));
      throw new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") {
      console.error("web: procedure failed", result.error.cause?.message ?? result.error.message);
      throw new TRPCError({
        code: "INTERNAL_SERVER_ERROR",
        message: "Something went wrong on our side. Please try again.",
      });
    }
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(appErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});
