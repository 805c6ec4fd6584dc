/**
 * Who the client is. Behind a proxy the socket's peer is the proxy, and the client is in
 * X-Forwarded-For — but everything left of what our own proxy wrote was written by the client.
 * So the chain is read from the right: step over a hop only while the address we stand on is a
 * trusted proxy (GATEWAY_TRUSTED_PROXIES, default loopback and private networks) and at most
 * GATEWAY_TRUST_PROXY hops; the first address not stepped over is the client. An entry that is
 * not an IP address ends the walk (a proxy never writes one; the client may).
 *
 * Keys for per-client limits: an IPv4 address as is, an IPv6 client by its /64 (one subscriber
 * gets a whole /64, so the exact address is 2^64 identities), IPv4-mapped IPv6 as the IPv4.
 */
import { BlockList, isIPv4, isIPv6 } from "node:net";

export interface ProxyTrust {
  /** Most proxy hops stepped over, right to left. */
  hops: number;
  /** Addresses whose forwarding headers are believed. */
  proxies: BlockList;
}

/** Ranges a proxy in front of the gateway normally has: same host or same private network. */
export const DEFAULT_TRUSTED_PROXIES = "loopback, private";

const KEYWORDS: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

/** Parses `10.0.0.0/8, 2001:db8::/32, 192.0.2.7, loopback, private`; throws on a bad entry. */
export function parseTrustedProxies(list: string): BlockList {
  const blocks = new BlockList();
  const entries = list
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  if (entries.length === 0) throw new Error("the list of trusted proxies is empty");
  for (const entry of entries.flatMap((e) => KEYWORDS[e] ?? [e])) {
    const slash = entry.indexOf("/");
    const address = canonicalAddress(slash === -1 ? entry : entry.slice(0, slash));
    const prefixText = slash === -1 ? null : entry.slice(slash + 1);
    if (!address || (prefixText !== null && !/^\d{1,3}$/.test(prefixText))) {
      throw new Error(`"${entry}" is not an IP address or CIDR range`);
    }
    const family = isIPv4(address) ? "ipv4" : "ipv6";
    const max = family === "ipv4" ? 32 : 128;
    const prefix = prefixText === null ? max : Number(prefixText);
    if (prefix > max) throw new Error(`"${entry}" has a prefix longer than ${max}`);
    blocks.addSubnet(address, prefix, family);
  }
  return blocks;
}

/** The eight 16-bit groups of a valid IPv6 address (no zone), the IPv4 tail folded in. */
function ipv6Groups(address: string): number[] {
  let text = address;
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    const p = tail.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, lastColon + 1)}${((p[0] << 8) | p[1]).toString(16)}:${((p[2] << 8) | p[3]).toString(16)}`;
  }
  const [head, rest] = text.split("::") as [string, string | undefined];
  const left = head ? head.split(":") : [];
  const right = rest ? rest.split(":") : [];
  const middle = rest === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...middle, ...right].map((g) => Number.parseInt(g, 16));
}

/** An address in one spelling: IPv4 dotted, IPv4-mapped IPv6 as IPv4, other IPv6 uncompressed. */
function canonicalAddress(text: string): string | null {
  if (isIPv4(text)) return text;
  const zone = text.indexOf("%");
  const bare = zone === -1 ? text : text.slice(0, zone);
  if (!isIPv6(bare)) return null;
  const g = ipv6Groups(bare);
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`;
  }
  return g.map((n) => n.toString(16)).join(":");
}

/**
 * One X-Forwarded-For entry (or a socket address) as an address, or null: `1.2.3.4`,
 * `1.2.3.4:port`, `2001:db8::1`, `[2001:db8::1]:port`, `::ffff:1.2.3.4`.
 */
export function parseAddress(entry: string): string | null {
  let text = entry.trim();
  if (text.startsWith("[")) {
    const end = text.indexOf("]");
    if (end === -1 || !/^(?::\d{1,5})?$/.test(text.slice(end + 1))) return null;
    text = text.slice(1, end);
  } else if (text.indexOf(":") !== -1 && text.indexOf(":") === text.lastIndexOf(":") && text.includes(".")) {
    const [host, port] = text.split(":") as [string, string];
    if (!/^\d{1,5}$/.test(port)) return null;
    text = host;
  }
  return canonicalAddress(text);
}

/** The per-client key of a canonical address (parseAddress's result). */
export function clientKeyOfAddress(address: string): string {
  if (isIPv4(address)) return address;
  const g = address.split(":");
  if (g.length !== 8) return address;
  return `${g.slice(0, 4).join(":")}::/64`;
}

export function isTrusted(trust: ProxyTrust, address: string): boolean {
  return trust.proxies.check(address, isIPv4(address) ? "ipv4" : "ipv6");
}

export interface ClientAddress {
  /** The client as far as the trusted chain can tell; the socket peer when nothing is trusted. */
  address: string;
  /** The socket peer is a trusted proxy: its X-Forwarded-Host may be believed. */
  peerTrusted: boolean;
  /** Client first, then each trusted hop, the peer last: what the upstream gets as X-Forwarded-For. */
  chain: string[];
}

/** The socket address as a canonical address; Node gives `::ffff:1.2.3.4` on dual-stack sockets. */
export function peerAddress(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined) return "unknown";
  if (isIPv4(remoteAddress)) return remoteAddress;
  return canonicalAddress(remoteAddress) ?? "unknown";
}

export function resolveClientAddress(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trust: ProxyTrust | null,
): ClientAddress {
  const peer = peerAddress(remoteAddress);
  if (!trust || peer === "unknown" || !isTrusted(trust, peer)) {
    return { address: peer, peerTrusted: false, chain: [peer] };
  }
  if (forwardedFor === undefined) return { address: peer, peerTrusted: true, chain: [peer] };
  // Node joins repeated X-Forwarded-For lines with ", " in order; an array is joined the same way.
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor).split(",");
  const chain = [peer];
  let address = peer;
  for (let i = entries.length - 1, hops = 0; i >= 0 && hops < trust.hops && isTrusted(trust, address); i--) {
    const next = parseAddress(entries[i]!);
    if (next === null) break;
    address = next;
    chain.unshift(next);
    hops++;
  }
  return { address, peerTrusted: true, chain };
}
