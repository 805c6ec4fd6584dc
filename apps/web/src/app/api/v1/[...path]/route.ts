// Relative imports (not "@/"): integration tests import this handler under tsx, which does not read the app's path alias.
import { db } from "../../../../server/db";
import { handleManagementRequest } from "../../../../server/management/handle-request";

export const dynamic = "force-dynamic";

/** The management API (/api/v1/*): see server/management/routes.ts for its endpoints. */
function handler(req: Request) {
  return handleManagementRequest(db(), req);
}

export { handler as DELETE, handler as GET, handler as PATCH, handler as POST, handler as PUT };
