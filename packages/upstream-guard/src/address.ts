/**
 * Classifies IP addresses an upstream could point at. An upstream is a stranger's server on the
 * public internet: anything that reaches our own network (loopback, private ranges, link-local,
 * cloud metadata, CGNAT) or hides an IPv4 address inside an IPv6 one is refused, because the
 * operating system would happily route those embeddings back to an internal IPv4 host.
 */
import { isIPv4, isIPv6 } from "node:net";

export type ForbiddenReason =
  | "unspecified"
  | "loopback"
  | "private"
  | "link_local"
  | "metadata"
  | "cgnat"
  | "reserved"
  | "multicast"
  | "broadcast"
  | "ipv4_embedded"
  | "unique_local"
  | "not_an_ip";

interface V4Range {
  base: number;
  bits: number;
  reason: ForbiddenReason;
}

function v4(text: string): number {
  const parts = text.split(".").map(Number);
  return (((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!) >>> 0;
}

// Order matters only for the reason reported: the metadata address sits inside link-local.
const V4_RANGES: V4Range[] = [
  { base: v4("169.254.169.254"), bits: 32, reason: "metadata" },
  { base: v4("100.100.100.200"), bits: 32, reason: "metadata" },
  { base: v4("0.0.0.0"), bits: 8, reason: "unspecified" },
  { base: v4("10.0.0.0"), bits: 8, reason: "private" },
  { base: v4("100.64.0.0"), bits: 10, reason: "cgnat" },
  { base: v4("127.0.0.0"), bits: 8, reason: "loopback" },
  { base: v4("169.254.0.0"), bits: 16, reason: "link_local" },
  { base: v4("172.16.0.0"), bits: 12, reason: "private" },
  { base: v4("192.0.0.0"), bits: 24, reason: "reserved" },
  { base: v4("192.0.2.0"), bits: 24, reason: "reserved" },
  { base: v4("192.88.99.0"), bits: 24, reason: "reserved" },
  { base: v4("192.168.0.0"), bits: 16, reason: "private" },
  { base: v4("198.18.0.0"), bits: 15, reason: "reserved" },
  { base: v4("198.51.100.0"), bits: 24, reason: "reserved" },
  { base: v4("203.0.113.0"), bits: 24, reason: "reserved" },
  { base: v4("224.0.0.0"), bits: 4, reason: "multicast" },
  { base: v4("255.255.255.255"), bits: 32, reason: "broadcast" },
  { base: v4("240.0.0.0"), bits: 4, reason: "reserved" },
];

function classifyV4(value: number): ForbiddenReason | null {
  for (const range of V4_RANGES) {
    const mask = range.bits === 0 ? 0 : (0xffffffff << (32 - range.bits)) >>> 0;
    if ((value & mask) >>> 0 === range.base) return range.reason;
  }
  return null;
}

/** Parses an IPv6 literal (no brackets, optional zone) into 16 bytes; null when it is not one. */
export function parseIPv6(text: string): Uint8Array | null {
  const address = text.split("%")[0] ?? "";
  if (!isIPv6(address)) return null;
  let head = address;
  let tailV4: number[] = [];
  const lastColon = address.lastIndexOf(":");
  const last = address.slice(lastColon + 1);
  if (last.includes(".")) {
    tailV4 = last.split(".").map(Number);
    head = `${address.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split("::");
  const left = halves[0] ? halves[0].split(":") : [];
  const right = halves.length > 1 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(halves.length > 1 ? missing : 0).fill("0"), ...right];
  if (groups.length !== 8) return null;
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    const n = Number.parseInt(group, 16);
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 0xff;
  });
  if (tailV4.length === 4) bytes.set(tailV4, 12);
  return bytes;
}

function startsWith(bytes: Uint8Array, prefix: number[], bits: number): boolean {
  const whole = Math.floor(bits / 8);
  for (let i = 0; i < whole; i++) if (bytes[i] !== prefix[i]) return false;
  const rest = bits % 8;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((bytes[whole] ?? 0) & mask) === ((prefix[whole] ?? 0) & mask);
}

function classifyV6(bytes: Uint8Array): ForbiddenReason | null {
  const allZeroUntil = (n: number) => bytes.subarray(0, n).every((b) => b === 0);
  if (allZeroUntil(16)) return "unspecified";
  if (allZeroUntil(15) && bytes[15] === 1) return "loopback";
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), ::ffff:0:a.b.c.d (SIIT translated)
  if (allZeroUntil(10) && bytes[10] === 0xff && bytes[11] === 0xff) return "ipv4_embedded";
  if (allZeroUntil(12)) return "ipv4_embedded";
  if (allZeroUntil(8) && bytes[8] === 0xff && bytes[9] === 0xff && bytes[10] === 0 && bytes[11] === 0)
    return "ipv4_embedded";
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b], 32)) return "ipv4_embedded"; // NAT64 64:ff9b::/96 and /48
  if (startsWith(bytes, [0x20, 0x02], 16)) return "ipv4_embedded"; // 6to4
  if (startsWith(bytes, [0x20, 0x01, 0x00, 0x00], 32)) return "ipv4_embedded"; // Teredo
  if (startsWith(bytes, [0xfe, 0x80], 10)) return "link_local";
  if (startsWith(bytes, [0xfe, 0xc0], 10)) return "private"; // deprecated site-local
  if (startsWith(bytes, [0xfd, 0x00, 0x0e, 0xc2], 32)) return "metadata"; // fd00:ec2::254
  if (startsWith(bytes, [0xfc], 7)) return "unique_local";
  if (startsWith(bytes, [0xff], 8)) return "multicast";
  if (startsWith(bytes, [0x20, 0x01, 0x0d, 0xb8], 32)) return "reserved"; // documentation
  if (startsWith(bytes, [0x01, 0x00, 0, 0, 0, 0, 0, 0], 64)) return "reserved"; // discard
  return null;
}

/**
 * Why an address must not be connected to, or null when it is a public unicast address.
 * Accepts dotted IPv4 and IPv6 (with or without brackets); anything else is "not_an_ip".
 */
export function forbiddenAddressReason(address: string): ForbiddenReason | null {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (isIPv4(bare)) return classifyV4(v4(bare));
  const bytes = parseIPv6(bare);
  if (bytes) return classifyV6(bytes);
  return "not_an_ip";
}

export function isForbiddenAddress(address: string): boolean {
  return forbiddenAddressReason(address) !== null;
}
