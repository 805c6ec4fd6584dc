import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { isAuthorized } from "./admin-token";
import type { SimnetNodeCredentials } from "./credentials";
import { readJson, sendJson } from "./json-http";
import type { SimnetLnbitsWallet } from "./lnbits/keys";
import { BUILDER_NODE, Network } from "./network";
import type { SimnetNwcCredentials } from "./nostr/wallet-service";
import type { StoredNode } from "./state";

const MAX_BODY = 16 * 1024;

/**
 * Loopback HTTP API that hands out node credentials, so the web app ("one-click simnet node"), the
 * demo seed, the CLI and tests can get a node without sharing files:
 *   POST /nodes {name}  → credentials (created on first use)
 *   GET  /nodes/:name   → credentials, 404 if unknown
 *   GET  /builder       → the funded builder wallet's credentials
 *   POST /nwc {node?, receiveOnly?} → an NWC connection string for a node's wallet (the builder's
 *                         by default; receiveOnly: no pay_invoice, what a provider should connect)
 *   GET  /nodes/:name/lnbits → that node's LNbits wallet (url, invoice key, admin key), 404 if unknown
 *   GET  /healthz
 * Everything but /healthz needs `Authorization: Bearer <admin token>` (admin-token.ts).
 */
export function createAdminServer(
  network: Network,
  describe: (node: StoredNode) => SimnetNodeCredentials,
  adminToken: string,
  lnbitsWallet: (node: StoredNode) => SimnetLnbitsWallet,
  mintNwc?: (node: StoredNode, receiveOnly: boolean) => SimnetNwcCredentials,
): Server {
  return createServer((req, res) => {
    handle(req, res).catch(() =>
      sendJson(res, 500, { error: "internal", message: "The simnet admin API failed." }),
    );
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLoopbackHost(req.headers.host)) {
      // A web page that rebinds its own name to 127.0.0.1 would send that name as Host.
      return sendJson(res, 403, {
        error: "forbidden_host",
        message: "The simnet admin API answers on loopback addresses only.",
      });
    }
    if (req.method === "POST" && !(req.headers["content-type"] ?? "").startsWith("application/json")) {
      // Browsers send cross-site form posts without preflight; JSON needs one, which we never grant.
      return sendJson(res, 415, {
        error: "unsupported_media_type",
        message: "Send JSON (application/json).",
      });
    }
    const path = new URL(req.url ?? "/", "http://simnet").pathname;
    if (req.method === "GET" && path === "/healthz") return sendJson(res, 200, { ok: true });
    if (!isAuthorized(req.headers.authorization, adminToken)) {
      res.setHeader("www-authenticate", 'Bearer realm="simnet admin"');
      return sendJson(res, 401, {
        error: "unauthorized",
        message:
          "The simnet admin API needs Authorization: Bearer <token> (TOLLBOOTH_SIMNET_ADMIN_TOKEN, or admin.token in the simnet's data dir).",
      });
    }
    if (req.method === "GET" && path === "/builder") {
      return sendJson(res, 200, describe(network.ensureNode(BUILDER_NODE, "builder")));
    }
    if (req.method === "POST" && path === "/nwc" && mintNwc) {
      const body = ((await readJson(req, MAX_BODY)) ?? {}) as { node?: unknown; receiveOnly?: unknown };
      const name = body.node ?? BUILDER_NODE;
      const node = typeof name === "string" ? network.store.nodes.get(name) : undefined;
      if (!node) return nodeNotFound(res);
      return sendJson(res, 200, mintNwc(node, body.receiveOnly === true));
    }
    if (req.method === "POST" && path === "/nodes") {
      const body = await readJson(req, MAX_BODY);
      const name = (body as { name?: unknown } | undefined)?.name;
      if (!Network.isValidName(name) || name === BUILDER_NODE) {
        return sendJson(res, 400, {
          error: "invalid_name",
          message:
            'Send {"name": "…"}: 1–64 chars of [a-z0-9._-], starting with a letter or digit, not \'builder\'.',
        });
      }
      return sendJson(res, 200, describe(network.ensureNode(name, "provider")));
    }
    const lnbits = /^\/nodes\/([^/]+)\/lnbits$/.exec(path);
    if (req.method === "GET" && lnbits?.[1]) {
      const node = network.store.nodes.get(decodeURIComponent(lnbits[1]));
      if (!node) return nodeNotFound(res);
      return sendJson(res, 200, lnbitsWallet(node));
    }
    const match = /^\/nodes\/([^/]+)$/.exec(path);
    if (req.method === "GET" && match?.[1]) {
      const node = network.store.nodes.get(decodeURIComponent(match[1]));
      if (!node) return nodeNotFound(res);
      return sendJson(res, 200, describe(node));
    }
    return sendJson(res, 404, { error: "not_found", message: `No route for ${req.method} ${path}.` });
  }
}

function nodeNotFound(res: ServerResponse): void {
  sendJson(res, 404, { error: "node_not_found", message: "No simnet node has that name." });
}

/** Host is an IP literal or localhost (with any port): what loopback clients send, never a rebound name. */
function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.replace(/:\d+$/, "").toLowerCase();
  return name === "localhost" || /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || /^\[[0-9a-f:.]+\]$/.test(name);
}
