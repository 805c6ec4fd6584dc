/**
 * Every default a process falls back to when its environment variable is unset, in one place:
 * the web app, the gateway, the simnet, the demo upstreams and `npm start` read them from here.
 * Plain data with no imports, so `scripts/` can load it before anything else.
 */
export const DEFAULT_PORTS = {
  web: 3000,
  gateway: 8402,
  gatewayAdmin: 8403,
  simnetGrpc: 10009,
  simnetAdmin: 10010,
  simnetNostr: 10011,
  simnetLnbits: 10012,
  postgres: 54329,
  demoWeather: 4101,
  demoQuotes: 4102,
} as const;

/** The variable that overrides each port. */
export const PORT_VARIABLES = {
  web: "WEB_PORT",
  gateway: "GATEWAY_PORT",
  gatewayAdmin: "GATEWAY_ADMIN_PORT",
  simnetGrpc: "SIMNET_GRPC_PORT",
  simnetAdmin: "SIMNET_ADMIN_PORT",
  simnetNostr: "SIMNET_NOSTR_PORT",
  simnetLnbits: "SIMNET_LNBITS_PORT",
  postgres: "TOLLBOOTH_PG_PORT",
  demoWeather: "DEMO_WEATHER_PORT",
  demoQuotes: "DEMO_QUOTES_PORT",
} as const satisfies Record<keyof typeof DEFAULT_PORTS, string>;

/** Tenants are `<slug>.<GATEWAY_DOMAIN>`; `*.localhost` resolves to loopback in browsers and curl. */
export const DEFAULT_GATEWAY_DOMAIN = "gw.localhost";

/** The gateway as the web app (and a local client) reaches it, path style. */
export const DEFAULT_GATEWAY_URL = `http://127.0.0.1:${DEFAULT_PORTS.gateway}`;
export const DEFAULT_SIMNET_ADMIN_URL = `http://127.0.0.1:${DEFAULT_PORTS.simnetAdmin}`;
export const DEFAULT_DEMO_WEATHER_URL = `http://127.0.0.1:${DEFAULT_PORTS.demoWeather}`;
export const DEFAULT_DEMO_QUOTES_URL = `http://127.0.0.1:${DEFAULT_PORTS.demoQuotes}`;

/** Tenant traffic listens on every interface; the admin port (health, metrics) only on loopback. */
export const DEFAULT_GATEWAY_HOST = "0.0.0.0";
export const DEFAULT_GATEWAY_ADMIN_HOST = "127.0.0.1";

/** One gateway process; more than 1 starts that many `node:cluster` workers (0 also means one). */
export const DEFAULT_GATEWAY_WORKERS = 1;

/** The hub (web app) as the CLI and `tollbooth mcp` read its catalog: `--hub` / TOLLBOOTH_HUB_URL. */
export const DEFAULT_HUB_URL = `http://localhost:${DEFAULT_PORTS.web}`;
