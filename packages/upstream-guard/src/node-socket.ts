/**
 * A Lightning node's gRPC socket (host:port), resolved once and checked like an upstream, for
 * dialling the checked address itself. A name checked here and then handed to gRPC would be
 * resolved a second time by gRPC: a DNS answer that changes in between (rebinding) would dial a
 * private address that was never checked. So the caller dials `address` (the IP checked here)
 * and keeps `host` only for TLS verification.
 */
import { isIP } from "node:net";
import { forbiddenAddressReason } from "./address";
import { isMetadataHostname } from "./development-rules";
import { isForbiddenHostname, type LookupAll, systemLookupAll } from "./upstream-url";

export type PinnedNodeSocket =
  | { ok: true; host: string; port: number; address: string }
  | {
      ok: false;
      code: "invalid_socket" | "forbidden_host" | "forbidden_address" | "unresolvable";
      message: string;
    };

export interface NodeSocketOptions {
  /** Development: loopback/private addresses allowed (the simnet), still resolved once and pinned. */
  allowPrivate?: boolean;
  /** Refused even when private addresses are allowed (the stack's own services, metadata). */
  isRefused?: (address: string, port: number) => string | null;
  lookup?: LookupAll;
}

const SOCKET = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/;

export async function pinNodeSocket(
  socket: string,
  options: NodeSocketOptions = {},
): Promise<PinnedNodeSocket> {
  const match = SOCKET.exec(typeof socket === "string" ? socket.trim() : "");
  const port = Number(match?.[3]);
  if (!match || !Number.isInteger(port) || port < 1 || port > 65_535) {
    return {
      ok: false,
      code: "invalid_socket",
      message: "The node socket must be host:port, like node.example.com:10009.",
    };
  }
  const host = (match[1] ?? match[2] ?? "").toLowerCase();
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    if (isMetadataHostname(host) || (!options.allowPrivate && isForbiddenHostname(host))) {
      return { ok: false, code: "forbidden_host", message: "The node's host name is local to this network." };
    }
    try {
      addresses = await (options.lookup ?? systemLookupAll)(host);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0) {
      return { ok: false, code: "unresolvable", message: "The node's host name does not resolve." };
    }
  }
  // Every answer must pass, not only the one dialled: a mixed answer is a rebinding attempt.
  for (const address of addresses) {
    const reason = options.allowPrivate ? null : forbiddenAddressReason(address);
    if (reason) {
      return {
        ok: false,
        code: "forbidden_address",
        message: `The node's address must be a public address the gateway can reach from the internet (${reason}).`,
      };
    }
    const refused = options.isRefused?.(address, port);
    if (refused)
      return { ok: false, code: "forbidden_address", message: `The node's address cannot be ${refused}.` };
  }
  return { ok: true, host, port, address: addresses[0]! };
}
