import type { status } from "@grpc/grpc-js";

/** An error the simnet returns as a gRPC status, worded like LND's so clients can match on it. */
export class RpcError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
    this.name = "RpcError";
  }
}
