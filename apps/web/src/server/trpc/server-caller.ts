import { cookies } from "next/headers";
import { getSessionUser } from "../auth/get-session-user";
import { SESSION_COOKIE } from "../auth/session-token";
import { db } from "../db";
import { createCaller } from "./root";

/** For server components: the same procedures (and ownership checks) the browser calls. */
export async function serverCaller() {
  const jar = await cookies();
  const sessionToken = jar.get(SESSION_COOKIE)?.value;
  const database = db();
  const user = await getSessionUser(database, sessionToken);
  return {
    user,
    api: createCaller({ db: database, user, sessionToken, resHeaders: new Headers(), secure: false }),
  };
}
