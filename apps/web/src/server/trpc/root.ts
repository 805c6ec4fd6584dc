import { createCallerFactory, router } from "./init";
import { apisRouter } from "./routers/apis";
import { authRouter } from "./routers/auth";
import { lightningRouter } from "./routers/lightning";
import { usageRouter } from "./routers/usage";

export const appRouter = router({
  auth: authRouter,
  apis: apisRouter,
  lightning: lightningRouter,
  usage: usageRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
