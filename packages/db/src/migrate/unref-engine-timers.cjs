// Preloaded into the Prisma CLI process only (see prisma-cli.ts). Prisma 6.19's wasm schema
// engine arms a 10 s timer it never clears, so every `migrate` command would linger 10 s after
// finishing. Unref'ing long timers lets the process exit once its real work (sockets) is done.
const originalSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = function setTimeoutUnrefLong(callback, ms, ...args) {
  const timer = originalSetTimeout(callback, ms, ...args);
  if (typeof ms === "number" && ms >= 5000) timer.unref();
  return timer;
};
