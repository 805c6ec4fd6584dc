/**
 * Asks the gateway's settlement hand-off, for a visitor who paid the challenge's invoice from
 * another wallet (a phone, by QR): with the macaroon alone, was it settled, and if so the preimage
 * that finishes the call. Sent with the visitor's address (visitor-headers.ts) so the gateway's
 * poll caps count this visitor, not the whole hub. The macaroon and the preimage pass through;
 * nothing is stored or logged here.
 */
import { SETTLEMENT_HANDOFF_PATH, SettlementAnswer } from "@tollbooth/contract";
import { callGateway } from "./gateway-call";

export type SettlementCheck =
  | { kind: "pending"; state: "pending" | "expired" | "canceled" }
  | { kind: "settled"; preimage: string | null }
  /** throttled, or the provider's wallet cannot be asked right now: ask again later */
  | { kind: "later"; status: number; errorCode: string | null }
  /** the gateway refused the macaroon (401): asking again will not help */
  | { kind: "refused"; status: number; errorCode: string | null; message: string };

export async function askSettlement(slug: string, macaroon: string): Promise<SettlementCheck> {
  const res = await callGateway(slug, {
    method: "GET",
    path: SETTLEMENT_HANDOFF_PATH,
    authorization: `L402 ${macaroon}`,
  });
  if (res.status === 200) {
    let json: unknown = null;
    try {
      json = JSON.parse(res.body);
    } catch {
      // handled below
    }
    const answer = SettlementAnswer.safeParse(json);
    if (!answer.success) return { kind: "later", status: 502, errorCode: "bad_gateway_answer" };
    return answer.data.settled
      ? { kind: "settled", preimage: answer.data.preimage }
      : { kind: "pending", state: answer.data.state };
  }
  if (res.status === 429 || res.status >= 500) {
    return { kind: "later", status: res.status, errorCode: res.errorCode };
  }
  return { kind: "refused", status: res.status, errorCode: res.errorCode, message: messageOf(res.body) };
}

function messageOf(body: string): string {
  try {
    const message = (JSON.parse(body) as { message?: unknown } | null)?.message;
    if (typeof message === "string") return message.slice(0, 300);
  } catch {
    // not JSON
  }
  return "The gateway refused this token.";
}
