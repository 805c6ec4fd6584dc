/**
 * A drop-in `lookup` for net.connect / tls.connect / undici's `connect` options that refuses to
 * hand a forbidden address to the socket. This is the request-time half of the SSRF guard: it runs
 * on every new connection, on the addresses the socket would actually dial, so a DNS record that
 * changed after registration (or rebinding between two lookups) cannot reach our network.
 */
import {
  lookup as dnsLookup,
  type LookupAddress,
  type LookupAllOptions,
  type LookupOneOptions,
} from "node:dns";
import type { LookupFunction } from "node:net";
import { forbiddenAddressReason } from "./address";

export class ForbiddenUpstreamAddressError extends Error {
  readonly code = "EFORBIDDENADDRESS";
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(`Refusing to connect to ${hostname}: it resolves to a non-public address (${reason}).`);
    this.name = "ForbiddenUpstreamAddressError";
  }
}

type Resolver = typeof dnsLookup;

export function createGuardedLookup(resolve: Resolver = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    const wantAll = (options as LookupAllOptions).all === true;
    resolve(hostname, { ...(options as LookupOneOptions), all: true }, (err, addresses) => {
      if (err) {
        callback(err, "", 0);
        return;
      }
      const list = addresses as unknown as LookupAddress[];
      for (const entry of list) {
        const reason = forbiddenAddressReason(entry.address);
        if (reason) {
          callback(
            new ForbiddenUpstreamAddressError(hostname, entry.address, reason) as NodeJS.ErrnoException,
            "",
            0,
          );
          return;
        }
      }
      if (wantAll) {
        (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
        return;
      }
      const first = list[0];
      if (!first) {
        callback(Object.assign(new Error(`No address for ${hostname}`), { code: "ENOTFOUND" }), "", 0);
        return;
      }
      callback(null, first.address, first.family);
    });
  };
}
