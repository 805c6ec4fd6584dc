/**
 * How the gateway dials a tenant's Lightning node: the socket is resolved once through the
 * upstream guard's rules and the checked IP is dialled (TLS verifies the host name), on every new
 * connection, so neither a stored socket nor a DNS answer that changed since it was saved reaches
 * our network. Private addresses only when the operator allows private upstreams or for a simnet
 * connection (the web app creates those only outside production) or, with TOLLBOOTH_ENV=development,
 * an LNbits instance (the simnet's, or one on the developer's machine), and even then never
 * metadata addresses or the stack's services other than the simnet's gRPC port.
 */
import type { NodeDial } from "@tollbooth/lightning";
import {
  developmentRefusal,
  type LookupAll,
  pinNodeSocket,
  stackServicePorts,
} from "@tollbooth/upstream-guard";
import type { NodeConnectionConfig } from "../config/tenant-config";

export type NodeDialFor = (connection: NodeConnectionConfig) => NodeDial;

export function nodeDialFor(operatorAllowsPrivate: boolean, lookup?: LookupAll): NodeDialFor {
  const ports = stackServicePorts(process.env, ["SIMNET_GRPC_PORT"]);
  const isRefused = (address: string, port: number) => developmentRefusal(address, port, ports);
  const development = process.env.TOLLBOOTH_ENV === "development";
  return (connection) => async (socket) => {
    const allowPrivate =
      operatorAllowsPrivate || connection.kind === "simnet" || (development && connection.kind === "lnbits");
    const pinned = await pinNodeSocket(socket, { allowPrivate, isRefused, ...(lookup ? { lookup } : {}) });
    if (!pinned.ok) throw new Error(pinned.message);
    return pinned.address;
  };
}
