import { clientIp } from "../auth/client-ip";
import { getSessionUser } from "../auth/get-session-user";
import { requestSession } from "../auth/request-session";
import { db } from "../db";
import type { TrpcContext } from "./init";

export async function createContextFromRequest(req: Request, resHeaders: Headers): Promise<TrpcContext> {
  const { sessionToken, secure } = requestSession(req.headers, req.url);
  const database = db();
  return {
    db: database,
    user: await getSessionUser(database, sessionToken),
    sessionToken,
    resHeaders,
    secure,
    clientIp: clientIp(req),
  };
}
