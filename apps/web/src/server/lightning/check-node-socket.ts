import type { NodeDial } from "@tollbooth/lightning";
import { developmentRefusal, pinNodeSocket, stackServicePorts } from "@tollbooth/upstream-guard";
import { env } from "../env";
import { AppError } from "../errors";

/**
 * Every dial of a provider's node or NWC relay from the web app (connect, re-test, one-click simnet) goes
 * through `dialNode`: the socket is resolved once, checked, and that very IP is dialled (TLS still
 * verifies the host name), so a DNS answer that changes between check and dial cannot reach our
 * network. In production the connection test would otherwise be a port scanner for our private
 * addresses (and the metadata service); the gateway must reach the node from the internet anyway,
 * so the address must be public, like an upstream's. Development allows loopback (the simnet),
 * but never metadata addresses nor the stack's other services.
 */
export const NODE_ADDRESS_MESSAGE =
  "The node's address must be a public host or IP that the gateway can reach from the internet.";

function policy(dialsSimnetGrpc: boolean) {
  if (env().isProduction) return { allowPrivate: false };
  const ports = stackServicePorts(process.env, dialsSimnetGrpc ? ["SIMNET_GRPC_PORT"] : []);
  return {
    allowPrivate: true,
    isRefused: (address: string, port: number) => developmentRefusal(address, port, ports),
  };
}

function dialUnder(dialsSimnetGrpc: boolean): NodeDial {
  return async (socket) => {
    const pinned = await pinNodeSocket(socket, policy(dialsSimnetGrpc));
    if (!pinned.ok) {
      const message =
        pinned.code === "invalid_socket" || !env().isProduction ? pinned.message : NODE_ADDRESS_MESSAGE;
      throw new AppError("bad_request", message);
    }
    return pinned.address;
  };
}

/** A node (LND gRPC, an LNbits instance): in development it may be the simnet's gRPC port. */
export const dialNode: NodeDial = dialUnder(true);

/** An NWC relay: the same rules, and no exception for the simnet's gRPC port (a relay is never there). */
export const dialRelay: NodeDial = dialUnder(false);

/** The same check up front, for a clear 400 before anything else about the node is looked at. */
export async function requirePublicNodeSocket(socket: string): Promise<void> {
  await dialNode(socket);
}
