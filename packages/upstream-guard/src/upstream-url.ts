/**
 * The registration-time check of an upstream base URL: the web app calls it when a provider saves
 * an API, the gateway calls it when it loads config. The same rules are enforced again at connect
 * time on the address actually dialled (see guarded-lookup.ts), because DNS can change after
 * registration.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import { type ForbiddenReason, forbiddenAddressReason } from "./address";
import { developmentRefusal, isMetadataHostname, stackServicePorts } from "./development-rules";

export type UpstreamRefusal =
  | "invalid_url"
  | "unsupported_scheme"
  | "credentials_in_url"
  | "forbidden_host"
  | "forbidden_address"
  /** Private upstreams allowed, but this is a metadata address/name or one of the stack's own services. */
  | "forbidden_service"
  | "unresolvable";

export type UpstreamCheck =
  | { ok: true; url: URL; addresses: string[] }
  | { ok: false; code: UpstreamRefusal; reason?: ForbiddenReason; message: string };

export type LookupAll = (hostname: string) => Promise<string[]>;

export interface UpstreamCheckOptions {
  /**
   * Operator override for development and the demo upstreams: loopback and private addresses are
   * allowed, except metadata/link-local ones and the stack's own services (development-rules.ts).
   */
  allowPrivate?: boolean;
  /** The stack's own ports, refused on local addresses with allowPrivate; default from the env. */
  stackPorts?: ReadonlySet<number>;
  /** Name resolution; defaults to the system resolver (all addresses). */
  lookup?: LookupAll;
}

const FORBIDDEN_SUFFIXES = [".localhost", ".local", ".internal", ".home.arpa", ".localdomain"];

/** Names that only ever mean "this machine" or "this network", whatever DNS says. */
export function isForbiddenHostname(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.+$/, "");
  if (name === "localhost" || name === "localhost.localdomain" || name === "") return true;
  if (FORBIDDEN_SUFFIXES.some((suffix) => name.endsWith(suffix))) return true;
  // Single-label names resolve through search domains to hosts on the operator's network.
  return !name.includes(".");
}

export const systemLookupAll: LookupAll = async (hostname) => {
  const results = await dnsLookup(hostname, { all: true, verbatim: true });
  return results.map((r) => r.address);
};

/** Parses and checks the URL's shape only (no DNS): scheme, credentials, literal addresses, names. */
export function checkUpstreamUrlShape(raw: string, options: UpstreamCheckOptions = {}): UpstreamCheck {
  let url: URL;
  try {
    // WHATWG parsing normalises decimal, octal, hex and short IPv4 forms and full-width digits
    // into dotted quads, so the checks below see the address the socket would use.
    url = new URL(raw);
  } catch {
    return { ok: false, code: "invalid_url", message: "The upstream URL is not a valid absolute URL." };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, code: "unsupported_scheme", message: "The upstream URL must use http or https." };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      code: "credentials_in_url",
      message: "Put the upstream's secret in the secret header, not in the URL.",
    };
  }
  const host = url.hostname;
  const literal = host.startsWith("[") ? host.slice(1, -1) : host;
  if (options.allowPrivate) {
    const refusal = privateUpstreamRefusal(url, literal, options);
    return refusal ?? { ok: true, url, addresses: isIP(literal) ? [literal] : [] };
  }
  if (isIP(literal)) {
    const reason = forbiddenAddressReason(literal);
    if (reason) {
      return {
        ok: false,
        code: "forbidden_address",
        reason,
        message: `The upstream address is not a public address (${reason}).`,
      };
    }
    return { ok: true, url, addresses: [literal] };
  }
  if (isForbiddenHostname(host)) {
    return { ok: false, code: "forbidden_host", message: "The upstream host name is local to this network." };
  }
  return { ok: true, url, addresses: [] };
}

/** The full registration check: shape, then every address the name resolves to must be public. */
export async function validateUpstreamUrl(
  raw: string,
  options: UpstreamCheckOptions = {},
): Promise<UpstreamCheck> {
  const shape = checkUpstreamUrlShape(raw, options);
  if (!shape.ok || shape.addresses.length > 0) return shape;
  const lookup = options.lookup ?? systemLookupAll;
  if (options.allowPrivate) {
    // Private is fine here, but not a name that leads to metadata or the stack's own services.
    // Unresolvable is accepted (a test server started later); connect time checks again.
    const addresses = await lookup(shape.url.hostname).catch(() => [] as string[]);
    const port = portOf(shape.url);
    const ports = options.stackPorts ?? stackServicePorts();
    for (const address of addresses) {
      const why = developmentRefusal(address, port, ports);
      if (why) return serviceRefusal(why);
    }
    return { ok: true, url: shape.url, addresses };
  }
  let addresses: string[];
  try {
    addresses = await lookup(shape.url.hostname);
  } catch {
    return { ok: false, code: "unresolvable", message: "The upstream host name does not resolve." };
  }
  if (addresses.length === 0) {
    return { ok: false, code: "unresolvable", message: "The upstream host name does not resolve." };
  }
  for (const address of addresses) {
    const reason = forbiddenAddressReason(address);
    if (reason) {
      return {
        ok: false,
        code: "forbidden_address",
        reason,
        message: `The upstream host name resolves to a non-public address (${reason}).`,
      };
    }
  }
  return { ok: true, url: shape.url, addresses };
}

export function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
}

function serviceRefusal(why: string): UpstreamCheck {
  return { ok: false, code: "forbidden_service", message: `The upstream cannot be ${why}.` };
}

/** With private upstreams allowed: still never metadata, link-local, or the stack's own services. */
function privateUpstreamRefusal(
  url: URL,
  literal: string,
  options: UpstreamCheckOptions,
): UpstreamCheck | null {
  if (isMetadataHostname(literal)) return serviceRefusal("a cloud metadata address");
  const port = portOf(url);
  const ports = options.stackPorts ?? stackServicePorts();
  if (isIP(literal)) {
    const why = developmentRefusal(literal, port, ports);
    return why ? serviceRefusal(why) : null;
  }
  if (isForbiddenHostname(literal) && ports.has(port)) {
    return serviceRefusal(`port ${port} on this machine (one of Tollbooth's own services)`);
  }
  return null;
}
