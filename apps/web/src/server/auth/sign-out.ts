import type { Db } from "../db";
import { hashSessionToken } from "./session-token";

export async function signOut(db: Db, token: string | undefined): Promise<void> {
  if (!token) return;
  await db.session.deleteMany({ where: { tokenHash: hashSessionToken(token) } });
}
