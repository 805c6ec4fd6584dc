/**
 * The provider's receipts for one API, newest first, a page at a time: the signed receipts the
 * gateway issued for its settled payments (one each). Tenant-isolated like every query here: the
 * API must belong to the caller's team (another team's id is "not found"), and the rows are
 * filtered by that tenant too. Paging is by a keyset cursor (created_at, id), so a page is the
 * same whatever is issued meanwhile.
 */
import { encodeSignedReceipt, Receipt } from "@tollbooth/receipts";
import { z } from "zod";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { AppError } from "../errors";

export const RECEIPTS_PAGE_MAX = 100;

/** `<ISO instant>_<uuid>`, base64url: opaque to the caller. */
const ZCursor = z
  .string()
  .max(200)
  .transform((text, ctx) => {
    const [at, id] = Buffer.from(text, "base64url").toString("utf8").split("_");
    const when = new Date(at ?? "");
    if (!id || Number.isNaN(when.getTime()) || !z.uuid().safeParse(id).success) {
      ctx.addIssue({ code: "custom", message: "Not a receipts cursor." });
      return z.NEVER;
    }
    return { createdAt: when, id };
  });

export const ZListReceiptsRequestSchema = z.object({
  apiId: z.string().uuid(),
  cursor: ZCursor.optional(),
  limit: z.number().int().min(1).max(RECEIPTS_PAGE_MAX).default(20),
});

function cursorOf(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}_${row.id}`, "utf8").toString("base64url");
}

export async function listReceipts(
  db: Db,
  user: SessionUser,
  input: z.output<typeof ZListReceiptsRequestSchema>,
) {
  // Archived APIs keep their receipts: money received stays on the record.
  const api = await db.api.findFirst({
    where: { id: input.apiId, tenantId: { in: user.tenants.map((t) => t.id) } },
    select: { id: true, tenantId: true },
  });
  if (!api) throw new AppError("not_found", "No such API in your team.");
  const before = input.cursor;
  const rows = await db.receipt.findMany({
    where: {
      tenantId: api.tenantId,
      apiId: api.id,
      ...(before
        ? {
            OR: [
              { createdAt: { lt: before.createdAt } },
              { createdAt: before.createdAt, id: { lt: before.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    receipts: page.map((row) => {
      const body = Receipt.parse(row.body);
      return {
        id: row.id,
        kid: row.kid,
        receipt: body,
        /** The Tollbooth-Receipt header value, to hand a buyer or check with `tollbooth receipt verify`. */
        encoded: encodeSignedReceipt(row.body, row.signature),
        createdAt: row.createdAt.toISOString(),
      };
    }),
    nextCursor: rows.length > input.limit && last ? cursorOf(last) : null,
  };
}
