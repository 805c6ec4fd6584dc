// The `router` package (Express 5's router) ships no types; the tests use this much of it.
declare module "router" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  type Handler = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;
  interface Router {
    (req: IncomingMessage, res: ServerResponse, done: (err?: unknown) => void): void;
    all(path: string, handler: Handler): Router;
    get(path: string, handler: Handler): Router;
    use(path: string, handler: Handler): Router;
  }
  function createRouter(options?: { caseSensitive?: boolean; strict?: boolean }): Router;
  export default createRouter;
}
