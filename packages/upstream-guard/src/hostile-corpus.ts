/**
 * Upstream URLs that must be refused, each aimed at `port` on this machine or our network so a
 * test can point them at a canary listener and prove no connection arrives. Shared by the unit
 * tests here, the gateway's request-time tests and the web app's registration tests.
 */
export interface HostileUpstream {
  form: string;
  url: string;
}

export function hostileUpstreamCorpus(port: number): HostileUpstream[] {
  const p = `:${port}`;
  const rows: Array<[string, string]> = [
    ["dotted loopback", `http://127.0.0.1${p}/`],
    ["other loopback", `http://127.1.2.3${p}/`],
    ["short loopback", `http://127.1${p}/`],
    ["decimal loopback", `http://2130706433${p}/`],
    ["hex loopback", `http://0x7f000001${p}/`],
    ["dotted hex loopback", `http://0x7f.0x0.0x0.0x1${p}/`],
    ["octal loopback", `http://0177.0.0.1${p}/`],
    ["octal padded loopback", `http://00000177.00.00.01${p}/`],
    ["mixed radix loopback", `http://0x7f.0.1${p}/`],
    ["full-width digits", `http://１２７.０.０.１${p}/`],
    ["unspecified", `http://0.0.0.0${p}/`],
    ["zero", `http://0${p}/`],
    ["private 10/8", `http://10.0.0.1${p}/`],
    ["private 172.16/12", `http://172.16.5.4${p}/`],
    ["private 192.168/16", `http://192.168.1.1${p}/`],
    ["decimal private", `http://3232235777${p}/`],
    ["link-local", `http://169.254.10.10${p}/`],
    ["metadata", `http://169.254.169.254${p}/latest/meta-data/`],
    ["metadata decimal", `http://2852039166${p}/`],
    ["metadata hex", `http://0xa9fea9fe${p}/`],
    ["CGNAT", `http://100.64.0.1${p}/`],
    ["Alibaba metadata", `http://100.100.100.200${p}/`],
    ["broadcast", `http://255.255.255.255${p}/`],
    ["multicast", `http://224.0.0.1${p}/`],
    ["IPv6 loopback", `http://[::1]${p}/`],
    ["IPv6 loopback long", `http://[0:0:0:0:0:0:0:1]${p}/`],
    ["IPv6 unspecified", `http://[::]${p}/`],
    ["IPv4-mapped loopback", `http://[::ffff:127.0.0.1]${p}/`],
    ["IPv4-mapped loopback hex", `http://[::ffff:7f00:1]${p}/`],
    ["IPv4-mapped long form", `http://[0:0:0:0:0:ffff:127.0.0.1]${p}/`],
    ["IPv4-mapped metadata", `http://[::ffff:169.254.169.254]${p}/`],
    ["IPv4-compatible loopback", `http://[::127.0.0.1]${p}/`],
    ["IPv4-translated", `http://[::ffff:0:127.0.0.1]${p}/`],
    ["NAT64 loopback", `http://[64:ff9b::127.0.0.1]${p}/`],
    ["NAT64 local-use", `http://[64:ff9b:1::a00:1]${p}/`],
    ["6to4 loopback", `http://[2002:7f00:1::]${p}/`],
    ["6to4 private", `http://[2002:c0a8:101::1]${p}/`],
    ["Teredo", `http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]${p}/`],
    ["IPv6 link-local", `http://[fe80::1]${p}/`],
    ["IPv6 unique local", `http://[fd12:3456:789a::1]${p}/`],
    ["AWS IPv6 metadata", `http://[fd00:ec2::254]${p}/`],
    ["IPv6 multicast", `http://[ff02::1]${p}/`],
    ["localhost", `http://localhost${p}/`],
    ["localhost trailing dot", `http://localhost.${p}/`],
    ["localhost upper case", `http://LOCALHOST${p}/`],
    ["localhost subdomain", `http://evil.localhost${p}/`],
    ["mDNS name", `http://printer.local${p}/`],
    ["GCP metadata name", `http://metadata.google.internal${p}/`],
    ["single label name", `http://intranet${p}/`],
    ["credentials in URL", `http://user:pass@example.com${p}/`],
    ["file scheme", "file:///etc/passwd"],
    ["gopher scheme", `gopher://127.0.0.1${p}/`],
  ];
  return rows.map(([form, url]) => ({ form, url }));
}

/** A name the test resolver maps to a private address: refused although the URL looks public. */
export const PRIVATE_RESOLVING_NAME = "rebind.attacker.example";
