import { getSessionUser } from "../auth/get-session-user";
import { readSessionCookie } from "../auth/session-token";
import { db } from "../db";
import { isSecureRequest } from "../request-guard";
import type { TrpcContext } from "./init";

export async function createContextFromRequest(req: Request, resHeaders: Headers): Promise<TrpcContext> {
  const sessionToken = readSessionCookie(req.headers.get("cookie"));
  const database = db();
  return {
    db: database,
    user: await getSessionUser(database, sessionToken),
    sessionToken,
    resHeaders,
    secure: isSecureRequest(req),
  };
}
