/** Next calls register() once per server process: start the hub's background quote refresher. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startQuoteRefresher } = await import("./server/quotes/quote-refresher");
  startQuoteRefresher();
}
