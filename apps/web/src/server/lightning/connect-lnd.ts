import { z } from "zod";
import type { SessionUser } from "../auth/get-session-user";
import type { Db } from "../db";
import { AppError } from "../errors";
import { requireTenant } from "../tenants/access";
import { requirePublicNodeSocket } from "./check-node-socket";
import { testNode } from "./node";
import { saveConnection } from "./save-connection";

export const ZConnectLndRequestSchema = z.object({
  tenantId: z.string().uuid().optional(),
  socket: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/,
      "Enter the node's gRPC address as host:port.",
    ),
  tlsCert: z.string().trim().max(20_000).optional(),
  macaroon: z
    .string()
    .trim()
    .min(20, "Paste the invoice macaroon (hex or base64).")
    .max(20_000)
    .regex(/^[A-Za-z0-9+/=_-]+$/, "The macaroon should be hex or base64."),
});

/** PEM pasted as text is accepted too; ln-service wants base64 of the PEM. */
function normaliseCert(cert: string | undefined): string | null {
  if (!cert) return null;
  return cert.includes("BEGIN CERTIFICATE") ? Buffer.from(cert).toString("base64") : cert.replace(/\s+/g, "");
}

export async function connectLnd(
  db: Db,
  user: SessionUser,
  input: z.output<typeof ZConnectLndRequestSchema>,
) {
  const tenantId = requireTenant(user, input.tenantId);
  await requirePublicNodeSocket(input.socket);
  const tlsCert = normaliseCert(input.tlsCert);
  const check = await testNode({
    socket: input.socket,
    tlsCert: tlsCert ?? undefined,
    macaroon: input.macaroon,
  });
  if (!check.ok) throw new AppError("bad_request", `The connection test failed: ${check.error}`);
  return saveConnection(
    db,
    user,
    tenantId,
    { kind: "lnd", socket: input.socket, tlsCert, macaroon: input.macaroon },
    check,
  );
}
