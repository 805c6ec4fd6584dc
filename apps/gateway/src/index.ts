export { isValidSlug, RESERVED_SLUGS } from "@tollbooth/contract";
export { createGatewayApp, type GatewayAppDeps, type RequestHandler } from "./app";
export { GatewayEnv, optionsFromEnv, parseGatewayEnv } from "./config/env";
export { DEFAULT_GATEWAY_OPTIONS, type GatewayOptions } from "./config/gateway-options";
export { type RunningGateway, startGateway } from "./gateway";
export { DISCOVERY_PATH, QUOTE_PATH } from "./http/discovery";
export { OPENAPI_PATH } from "./http/openapi";
