/**
 * How the gateway dials a tenant's Lightning node: the socket is resolved once through the
 * upstream guard's rules and the checked IP is dialled (TLS verifies the host name), on every new
 * connection, so neither a stored socket nor a DNS answer that changed since it was saved reaches
 * our network. Private addresses only when the operator allows private upstreams or for a simnet
 * connection (the web app creates those only outside production) or, with TOLLBOOTH_ENV=development,
 * an LNbits instance (the simnet's, or one on the developer's machine), and even then never
 * metadata addresses or the stack's services other than the simnet's gRPC port.
 *
 * An NWC connection's socket is its relay's host:port (wss:// or ws://). Relays are public
 * services: loopback only in development (the simnet's relay), other private addresses only when
 * the operator allows private upstreams, metadata and the stack's other ports never.
 */
import type { NodeDial } from "@tollbooth/lightning";
import {
  developmentRefusal,
  forbiddenAddressReason,
  type LookupAll,
  pinNodeSocket,
  stackServicePorts,
} from "@tollbooth/upstream-guard";
import type { NodeConnectionConfig } from "../config/tenant-config";

export type NodeDialFor = (connection: NodeConnectionConfig) => NodeDial;

export function nodeDialFor(
  operatorAllowsPrivate: boolean,
  lookup?: LookupAll,
  development = process.env.TOLLBOOTH_ENV === "development",
): NodeDialFor {
  const ports = stackServicePorts(process.env, ["SIMNET_GRPC_PORT"]);
  const isRefused = (address: string, port: number) => developmentRefusal(address, port, ports);
  const relayPorts = stackServicePorts(process.env);
  const isRefusedRelay = (address: string, port: number): string | null => {
    const refused = developmentRefusal(address, port, relayPorts);
    if (refused) return refused;
    const reason = forbiddenAddressReason(address);
    if (reason === null || reason === "not_an_ip" || operatorAllowsPrivate) return null;
    if (reason === "loopback" && development) return null;
    return `a ${reason.replace("_", " ")} address (a relay must be a public server)`;
  };
  return (connection) => async (socket) => {
    const relay = connection.kind === "nwc";
    const allowPrivate =
      relay ||
      operatorAllowsPrivate ||
      connection.kind === "simnet" ||
      (development && connection.kind === "lnbits");
    const pinned = await pinNodeSocket(socket, {
      allowPrivate,
      isRefused: relay ? isRefusedRelay : isRefused,
      ...(lookup ? { lookup } : {}),
    });
    if (!pinned.ok) throw new Error(pinned.message);
    return pinned.address;
  };
}
