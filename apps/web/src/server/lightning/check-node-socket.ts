import { validateUpstreamUrl } from "@tollbooth/upstream-guard";
import { AppError } from "../errors";

/**
 * In production the connection test dials whatever host:port a provider types in, from inside
 * our network, and tells them how it went — a port scanner for our private addresses, or a way
 * to poke the metadata service. The gateway must reach the node from the internet anyway, so the
 * node's address has to be public, like an upstream's. (Development keeps loopback for simnet.)
 */
export async function requirePublicNodeSocket(socket: string): Promise<void> {
  const verdict = await validateUpstreamUrl(`https://${socket}/`);
  if (!verdict.ok) {
    throw new AppError(
      "bad_request",
      "The node's address must be a public host or IP that the gateway can reach from the internet.",
    );
  }
}
