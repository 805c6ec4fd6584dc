import type { VerifyErrorCode } from "../errors";

/** What a request asks for; the verifier checks the token's caveats against it. */
export interface RequestScope {
  /** the tenant API slug the request is for */
  service: string;
  /** unix seconds */
  now: number;
  /** HTTP method, any case */
  method?: string;
  /** request path inside the tenant API, without the query string */
  path?: string;
  /** a capability the route needs (aperture's `<slug>_capabilities`) */
  capability?: string;
}

export interface CaveatFailure {
  code: VerifyErrorCode;
  message: string;
}

/**
 * One kind of first-party caveat (boltwall-style: one small module per kind).
 * `parse` reads the value (undefined → invalid_caveat); `narrows` says whether a later caveat of
 * the same kind is at least as strict as an earlier one (else caveat_widened); `check` tests the
 * narrowest value against the request.
 */
export interface CaveatSatisfier<T> {
  /** for `services` the whole key; otherwise the suffix after `<slug>_` */
  readonly kind: string;
  parse(value: string): T | undefined;
  narrows(previous: T, next: T): boolean;
  check(value: T, request: RequestScope): CaveatFailure | undefined;
  /** true when `check` can never fail (the value is only reported in the grant): the verifier's hot path skips it */
  readonly grantOnly?: boolean;
}
