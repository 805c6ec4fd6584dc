import { createCallerFactory, router } from "./init";
import { apisRouter } from "./routers/apis";
import { authRouter } from "./routers/auth";
import { keysRouter } from "./routers/keys";
import { lightningRouter } from "./routers/lightning";
import { receiptsRouter } from "./routers/receipts";
import { usageRouter } from "./routers/usage";

export const appRouter = router({
  auth: authRouter,
  apis: apisRouter,
  keys: keysRouter,
  lightning: lightningRouter,
  receipts: receiptsRouter,
  usage: usageRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
