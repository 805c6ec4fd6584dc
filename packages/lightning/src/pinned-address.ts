/**
 * The pieces every wallet kind dialled over a URL (an LNbits instance, an NWC relay) shares with
 * the NodeDial policy: the host:port the policy checks, and a DNS lookup that answers only with
 * the address it returned, so a socket never reaches a second, unchecked DNS answer (TLS still
 * verifies the host name).
 */
import { isIP, type LookupFunction } from "node:net";

/** host:port of an http(s) or ws(s) URL, the form a NodeDial checks. */
export function socketOfUrl(url: URL): string {
  const secure = url.protocol === "https:" || url.protocol === "wss:";
  return `${url.hostname}:${url.port || (secure ? "443" : "80")}`;
}

/** A lookup that answers with the checked address (read at each dial), or ENOTFOUND while there is none. */
export function pinnedLookup(checked: () => string | null | undefined): LookupFunction {
  return (_host, options, callback) => {
    const address = checked();
    if (!address) {
      callback(Object.assign(new Error("no checked address"), { code: "ENOTFOUND" }), "", 0);
      return;
    }
    const family = isIP(address);
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [
        { address, family },
      ]);
    } else callback(null, address, family);
  };
}
