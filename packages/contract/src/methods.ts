/** The HTTP methods a pricing rule can name; `*` is any method. */
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const PRICING_METHODS = ["*", ...HTTP_METHODS] as const;
export type PricingMethod = (typeof PRICING_METHODS)[number];
