import type { CaveatSatisfier } from "./satisfier";
import { isSubset, parseList } from "./values";

/** `services=<slug>:<tier>[,…]` — aperture's caveat naming which services (and tier) a token buys. */
export interface ServiceTier {
  service: string;
  tier: number;
}

const SERVICE_TIER = /^[a-z0-9][a-z0-9-]{0,63}:(?:0|[1-9][0-9]{0,8})$/;

export const servicesSatisfier: CaveatSatisfier<ServiceTier[]> = {
  kind: "services",
  parse(value) {
    const items = parseList(value, SERVICE_TIER);
    if (!items) return undefined;
    const list = items.map((it) => {
      const colon = it.indexOf(":");
      return { service: it.slice(0, colon), tier: Number(it.slice(colon + 1)) };
    });
    // One tier per service: two tiers for one slug would make "which tier applies" ambiguous.
    if (list.length === 1) return list;
    return new Set(list.map((s) => s.service)).size === list.length ? list : undefined;
  },
  narrows(previous, next) {
    const key = (s: ServiceTier) => `${s.service}:${s.tier}`;
    return isSubset(next.map(key), previous.map(key));
  },
  check(value, request) {
    if (value.some((s) => s.service === request.service)) return undefined;
    return {
      code: "wrong_service",
      message: `This token is not valid for the service "${request.service}".`,
    };
  },
};

export function formatServices(services: readonly ServiceTier[]): string {
  return `services=${services.map((s) => `${s.service}:${s.tier}`).join(",")}`;
}
