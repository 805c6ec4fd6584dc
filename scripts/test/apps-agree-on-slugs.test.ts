// The web app says whether a slug is available and lets a provider publish it; the gateway decides
// which slugs it serves. If the two disagree, a provider can publish an API nobody can reach
// (`health` once showed "Available" in the web and was never served by the gateway).
import assert from "node:assert/strict";
import { test } from "node:test";
import { resolveTenant } from "../../apps/gateway/src/tenant/resolve-tenant";
import { checkSlug } from "../../apps/web/src/lib/slug";

// Every word either app ever reserved, plus shapes near the edges of the grammar.
const CANDIDATES = [
  ...["www", "api", "apis", "app", "apps", "admin", "gateway", "gw", "hub", "docs", "status", "static"],
  ...["assets", "cdn", "metrics", "health", "healthz", "readyz", "login", "signin", "signup", "auth"],
  ...["account", "accounts", "billing", "dashboard", "tollbooth", "well-known", "localhost", "mail"],
  ...["smtp", "ftp", "support", "help", "blog", "dev", "test", "internal", "l402", "lsat"],
  ...["weather", "quotes", "abc", "a-b", "a--b", "ab", "-ab", "ab-", "a".repeat(40), "a".repeat(41)],
  ...["Weather", "wéather", "9lives", "x_y"],
];

test("a slug the web lets a provider take is exactly a slug the gateway serves", () => {
  const disagreements: string[] = [];
  for (const slug of CANDIDATES) {
    const web = checkSlug(slug).ok;
    const gateway =
      resolveTenant(
        { host: "127.0.0.1:8402", forwardedHost: undefined, url: `/${slug}/x` },
        "gw.localhost",
        false,
      ) !== null;
    if (web !== gateway)
      disagreements.push(
        `${slug}: web ${web ? "allows" : "refuses"}, gateway ${gateway ? "serves" : "refuses"}`,
      );
  }
  assert.deepEqual(disagreements, []);
});
