import { env } from "../env";
import { AppError } from "../errors";
import { checkUpstreamUrl } from "./check-upstream-url";

/**
 * Decides whether an upstream URL may be registered and whether the API must be flagged
 * `allowPrivateUpstream`. Public upstreams are always fine. A loopback/private upstream is allowed
 * only outside production (local development, the demo, the e2e test), and the row is flagged so
 * the gateway knows it was allowed on purpose.
 */
export async function vetUpstream(raw: string): Promise<{ url: string; allowPrivateUpstream: boolean }> {
  try {
    const url = await checkUpstreamUrl(raw, { allowPrivate: false });
    return { url, allowPrivateUpstream: false };
  } catch (err) {
    if (!(err instanceof AppError) || env().isProduction) throw err;
    const url = await checkUpstreamUrl(raw, { allowPrivate: true });
    return { url, allowPrivateUpstream: true };
  }
}
