/**
 * One API's route docs as stored (the rules' jsonb, by scope key), checked and parsed the first
 * time a discovery document asks for them. Only discovery reads docs (http/discovery.ts,
 * http/openapi.ts), while a config reload — on every change to any tenant and every 30 s, in every
 * worker, and mostly thrown away as unchanged — would otherwise parse every rule's docs each time.
 */
import { type RouteDocs, readRouteDocs } from "@tollbooth/contract";

export class RouteDocsShelf {
  private readonly parsed = new Map<string, RouteDocs | null>();

  /** `stored`: the docs column by scope key, rules without docs left out. */
  constructor(private readonly stored = new Map<string, unknown>()) {}

  get(scopeKey: string): RouteDocs | undefined {
    let docs = this.parsed.get(scopeKey);
    if (docs === undefined) {
      docs = readRouteDocs(this.stored.get(scopeKey));
      this.parsed.set(scopeKey, docs);
      this.stored.delete(scopeKey);
    }
    return docs ?? undefined;
  }
}
