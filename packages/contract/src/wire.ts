/**
 * The JSON documents the gateway answers and its clients (the web app among them) read: the error
 * body, the 402 body, the quote and the discovery document. The gateway writes them; everybody
 * else parses them with these schemas instead of guessing key spellings. Unknown keys pass
 * (`looseObject`), so the gateway can add a field without breaking older readers.
 */
import { z } from "zod";

const kind = z.enum(["free", "per_call", "time_pass"]);
const sats = z.number().int().min(0);

/** Every error the gateway (and the web's JSON API) answers. */
export const ErrorBody = z.looseObject({ error: z.string().min(1), message: z.string() });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** The body of a 402 (and of a 401 that carries a fresh challenge). */
export const ChallengeBody = z.looseObject({
  error: z.string().min(1),
  message: z.string(),
  amount_sats: sats,
  description: z.string(),
  /** ISO 8601 time the invoice expires. */
  expires: z.string(),
  invoice: z.string().min(1),
  macaroon: z.string().min(1),
  payment_hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** calls the token grants; null for a time pass */
  calls: z.number().int().min(1).nullable(),
  /** what the token is scoped to, when the gateway says so */
  scope: z.looseObject({ method: z.string(), path: z.string() }).optional(),
});
export type ChallengeBody = z.infer<typeof ChallengeBody>;

/** `GET /.well-known/l402/quote?method=…&path=…` on a tenant: the price of one route, no invoice. */
export const QuoteDocument = z.looseObject({
  service: z.string(),
  method: z.string(),
  path: z.string(),
  /** the pattern of the rule that prices this request */
  route: z.string(),
  kind,
  /** what one payment asks: price × calls for a per-call route */
  amount_sats: sats,
  price_sats: sats,
  calls: z.number().int().min(1).nullable(),
  pass_seconds: z.number().int().nullable(),
  default_rule: z.boolean(),
});
export type QuoteDocument = z.infer<typeof QuoteDocument>;

/** Where a tenant API publishes its discovery documents and quotes (under its base URL). */
export const DISCOVERY_PATH = "/.well-known/l402.json";
export const OPENAPI_PATH = "/.well-known/l402/openapi.json";
export const QUOTE_PATH = "/.well-known/l402/quote";

/** The manifest version of the L402 discovery draft (lightninglabs/L402 PR #27) this follows. */
export const DISCOVERY_VERSION = "1.0";

const DiscoveryRoute = z.looseObject({
  method: z.string(),
  path: z.string(),
  kind,
  price_sats: sats,
  calls_per_token: z.number().int().min(1).nullable(),
  pass_seconds: z.number().int().nullable(),
  amount_sats: sats,
});

/** A resource of the draft's service catalog: one route, its fixed price per payment in msat. */
const DiscoveryResource = z.looseObject({
  path: z.string(),
  method: z.string(),
  pricing: z.looseObject({ model: z.literal("fixed"), price_msat: z.number().int().min(0) }),
});

/**
 * `GET /.well-known/l402.json` on a tenant: the L402 discovery draft's manifest (version,
 * provider, currencies, payment_methods, openapi, services[].resources[]) with Tollbooth's own
 * members alongside (service … default_route), which the hub and older clients read.
 */
export const DiscoveryDocument = z.looseObject({
  version: z.literal(DISCOVERY_VERSION),
  provider: z.looseObject({ name: z.string(), uri: z.string() }),
  currencies: z.array(z.string()),
  payment_methods: z.array(z.string()),
  macaroon_versions: z.array(z.number().int()),
  /** absolute URL of the API's OpenAPI 3.1 document */
  openapi: z.string(),
  services: z.array(
    z.looseObject({
      name: z.string(),
      description: z.string().nullable(),
      resources: z.array(DiscoveryResource),
    }),
  ),
  service: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  base_url: z.string(),
  /** absolute URL of the no-invoice quote (GET ?method=&path=; not the draft's POST quote endpoint) */
  quote_url: z.string(),
  auth_schemes: z.array(z.string()),
  token_validity_seconds: z.number().int(),
  free_tier: z.looseObject({ calls: z.number().int(), window_seconds: z.number().int() }).nullable(),
  routes: z.array(DiscoveryRoute),
  /** null: paths no route matches are refused (404 route_not_found) */
  default_route: DiscoveryRoute.nullable(),
});
export type DiscoveryDocument = z.infer<typeof DiscoveryDocument>;
