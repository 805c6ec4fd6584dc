import { db } from "../db";
import { AppError } from "../errors";
import { payWithBuilderWallet } from "./pay-with-builder";
import { requirePublishedSlug } from "./published-slug";
import { tryItHandler } from "./route-helpers";
import { visitorAddress } from "./visitor-headers";

/** Step 2 of Try it (development): pay the challenge's invoice from the simnet builder wallet. */
export function handleTryPay(req: Request) {
  return tryItHandler(req, async (body) => {
    const slug = await requirePublishedSlug(db(), body.slug);
    const invoice = body.invoice;
    if (typeof invoice !== "string" || !/^ln[a-z0-9]{10,2000}$/i.test(invoice)) {
      throw new AppError("bad_request", "Send the invoice (bolt11) to pay.");
    }
    return payWithBuilderWallet(db(), slug, invoice, visitorAddress(req.headers) ?? "unknown");
  });
}
