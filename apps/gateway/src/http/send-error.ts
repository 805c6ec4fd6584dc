/** Every error the gateway answers is JSON `{ error, message }` (docs/contract.md), never a stack trace. */
import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import { attachedCors } from "./cors";

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    // The request's CORS headers (http/cors.ts), so a browser can read every error and 402.
    ...attachedCors(res),
    ...headers,
  });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  status: number,
  error: string,
  message: string,
  headers: OutgoingHttpHeaders = {},
): void {
  sendJson(res, status, { error, message }, headers);
}
