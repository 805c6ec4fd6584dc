/**
 * The tenant-traffic HTTP server around the request handler: limits that keep a slow or hostile
 * client from holding resources, and a JSON answer for requests Node's parser refuses (CL/TE
 * conflicts, duplicate Content-Length, oversized headers) instead of a silent reset.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { RequestHandler } from "../app";
import { sendError } from "./send-error";

export interface TenantServerOptions {
  /** Whole-request deadline for receiving the request (slowloris). */
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
  maxHeaderSize?: number;
}

function rawJsonResponse(status: number, reason: string, error: string, message: string): string {
  const body = JSON.stringify({ error, message });
  return (
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

export function createTenantServer(handler: RequestHandler, options: TenantServerOptions = {}): Server {
  const server = createServer(
    {
      maxHeaderSize: options.maxHeaderSize ?? 16 * 1024,
      requestTimeout: options.requestTimeoutMs ?? 60_000,
      headersTimeout: options.headersTimeoutMs ?? 15_000,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
      // Node's strict parser already refuses CL+TE and duplicate Content-Length; keep it strict.
      insecureHTTPParser: false,
      requireHostHeader: false,
    },
    handler,
  );
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    // The parser can fail in the body, after the handler started: answer through its response if
    // nothing was sent yet, so the client still gets a 400 rather than a reset.
    const pending = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
    if (pending) {
      // Whoever is still reading the body (a signed request's digest, the upstream dispatch) must
      // learn it broke: once this answer has gone out, Node no longer aborts the request when the
      // socket closes, and that read would wait forever. Destroyed after the answer is flushed,
      // since destroying an unfinished request also destroys its socket.
      pending.once("close", () => pending.req?.destroy(err));
    }
    if (pending && !pending.headersSent && socket.writable) {
      pending.shouldKeepAlive = false;
      sendError(pending, 400, "bad_request", "The request body is not valid HTTP/1.1 framing.", {
        connection: "close",
      });
      return;
    }
    if (!socket.writable || pending) {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === "HPE_HEADER_OVERFLOW";
    const timedOut = err.code === "ERR_HTTP_REQUEST_TIMEOUT";
    socket.end(
      tooLarge
        ? rawJsonResponse(
            431,
            "Request Header Fields Too Large",
            "headers_too_large",
            "The request headers are too large.",
          )
        : timedOut
          ? rawJsonResponse(408, "Request Timeout", "request_timeout", "The request took too long to arrive.")
          : rawJsonResponse(400, "Bad Request", "bad_request", "The request is not valid HTTP/1.1."),
    );
  });
  // Tunnels are never offered: CONNECT gets a JSON 405 instead of a silent close.
  server.on("connect", (_req, socket: Duplex) => {
    socket.end(rawJsonResponse(405, "Method Not Allowed", "method_not_allowed", "CONNECT is not proxied."));
  });
  return server;
}
