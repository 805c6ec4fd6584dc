/**
 * What stays refused even where private upstreams are allowed (development, the demo, an operator
 * override): loopback and private addresses may be the provider's own test server, but never
 *   - a cloud metadata address or name (instance credentials), nor anything link-local, and
 *   - one of this stack's own services on a local address: the web app, the gateway and its admin
 *     port (every tenant's revenue), the simnet's gRPC and admin API (admin macaroons), the
 *     embedded Postgres.
 * The ports come from the same environment variables the stack is started with.
 */
import { forbiddenAddressReason } from "./address";

/** Names that resolve to a metadata service inside clouds, whatever the public DNS says. */
const METADATA_HOSTNAMES = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.azure.com",
  "metadata.tencentyun.com",
  "metadata.platformequinix.com",
]);

export function isMetadataHostname(hostname: string): boolean {
  return METADATA_HOSTNAMES.has(hostname.toLowerCase().replace(/\.+$/, ""));
}

/** Where each of the stack's own services listens (same variables and defaults as scripts/lib/stack.mjs). */
const STACK_PORTS: Array<[string, number]> = [
  ["WEB_PORT", 3000],
  ["GATEWAY_PORT", 8402],
  ["GATEWAY_ADMIN_PORT", 8403],
  ["SIMNET_GRPC_PORT", 10009],
  ["SIMNET_ADMIN_PORT", 10010],
  ["TOLLBOOTH_PG_PORT", 54329],
];

/**
 * The ports of this stack's own services. `except` leaves some out (node sockets in development
 * must reach the simnet's gRPC port). The database's port counts too when it is on this machine.
 */
export function stackServicePorts(
  env: NodeJS.ProcessEnv = process.env,
  except: string[] = [],
): ReadonlySet<number> {
  const ports = new Set<number>();
  for (const [name, fallback] of STACK_PORTS) {
    if (except.includes(name)) continue;
    const value = Number(env[name] || fallback);
    if (Number.isInteger(value) && value > 0) ports.add(value);
  }
  try {
    const db = env.DATABASE_URL ? new URL(env.DATABASE_URL) : null;
    const reason = db ? forbiddenAddressReason(db.hostname) : null;
    const local = db !== null && ((reason !== null && reason !== "not_an_ip") || db.hostname === "localhost");
    if (local) ports.add(Number(db.port || 5432));
  } catch {
    // not a URL: nothing to add
  }
  return ports;
}

/**
 * Why `address:port` is refused even with private upstreams allowed, or null. `address` is an IP
 * literal (what a socket dials); a non-IP is not judged here.
 */
export function developmentRefusal(
  address: string,
  port: number,
  stackPorts: ReadonlySet<number>,
): string | null {
  const reason = forbiddenAddressReason(address);
  if (reason === "metadata" || reason === "link_local") return "a cloud metadata or link-local address";
  if (reason !== null && reason !== "not_an_ip" && stackPorts.has(port)) {
    return `port ${port} on this machine (one of Tollbooth's own services)`;
  }
  return null;
}
