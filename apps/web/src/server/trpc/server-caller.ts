import { headers } from "next/headers";
import { getSessionUser } from "../auth/get-session-user";
import { requestSession } from "../auth/request-session";
import { db } from "../db";
import { createCaller } from "./root";

/** For server components: the same procedures (and ownership checks) the browser calls. */
export async function serverCaller() {
  const { sessionToken, secure } = requestSession(await headers());
  const database = db();
  const user = await getSessionUser(database, sessionToken);
  return {
    user,
    api: createCaller({ db: database, user, sessionToken, resHeaders: new Headers(), secure }),
  };
}
