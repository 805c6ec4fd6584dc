export { type BoundedBody, boundedJson, readBounded } from "./body";
export {
  affordable,
  CatalogApi,
  CatalogRoute,
  type CatalogSource,
  type HubTarget,
  matchHubUrl,
  parseCatalog,
  parseCatalogPage,
  RouteDocs,
} from "./catalog";
export { type Quote, quoteFromChallenge, quoteFromGateway } from "./quote";
export { ToolRefusal } from "./refusal";
export { parametersSchema } from "./route-schema";
export {
  type AgentToolDeps,
  type CallInput,
  MAX_CALL_BODY_CHARS,
  MAX_CALL_HEADERS,
  registerTollboothTools,
  TOOL_INPUTS,
} from "./tools";
