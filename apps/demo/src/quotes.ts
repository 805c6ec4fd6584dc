import type { IncomingMessage, ServerResponse } from "node:http";
import { sendError, sendJson } from "./http";

const QUOTES = [
  {
    author: "Satoshi Nakamoto",
    text: "The root problem with conventional currency is all the trust that's required to make it work.",
  },
  {
    author: "Grace Hopper",
    text: "The most dangerous phrase in the language is: we've always done it this way.",
  },
  { author: "Alan Kay", text: "The best way to predict the future is to invent it." },
  { author: "Ada Lovelace", text: "The more I study, the more insatiable do I feel my genius for it to be." },
  { author: "Donald Knuth", text: "Premature optimization is the root of all evil." },
  { author: "Edsger Dijkstra", text: "Simplicity is prerequisite for reliability." },
  { author: "Hal Finney", text: "Running bitcoin." },
];

export function handleQuotes(req: IncomingMessage, res: ServerResponse, url: URL): void {
  if (url.pathname === "/health") return sendJson(res, 200, { ok: true });
  if (url.pathname === "/random" && req.method === "GET") {
    const i = Math.floor(Math.random() * QUOTES.length);
    return sendJson(res, 200, { id: i + 1, ...QUOTES[i] });
  }
  const byId = /^\/(\d+)$/.exec(url.pathname);
  if (byId && req.method === "GET") {
    const quote = QUOTES[Number(byId[1]) - 1];
    if (!quote)
      return sendError(res, 404, "unknown_quote", `There are ${QUOTES.length} quotes; ids run from 1.`);
    return sendJson(res, 200, { id: Number(byId[1]), ...quote });
  }
  if (url.pathname === "/echo" && req.method === "POST") {
    // Echo endpoint: lets the gateway's body streaming be tried with a real POST.
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => sendJson(res, 201, { received_bytes: Buffer.concat(chunks).length, stored: false }));
    return;
  }
  sendError(
    res,
    404,
    "not_found",
    `No route ${req.method} ${url.pathname}. Routes: GET /random, GET /:id, POST /echo.`,
  );
}
