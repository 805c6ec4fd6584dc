/** Runs both demo upstreams: DEMO_WEATHER_PORT (4101) and DEMO_QUOTES_PORT (4102). */
import { startDemoUpstream } from "./index";

const apiKey = process.env.DEMO_UPSTREAM_KEY ?? "demo-upstream-key";
const weather = await startDemoUpstream("weather", {
  apiKey,
  port: Number(process.env.DEMO_WEATHER_PORT ?? 4101),
});
const quotes = await startDemoUpstream("quotes", {
  apiKey,
  port: Number(process.env.DEMO_QUOTES_PORT ?? 4102),
});
console.log(`weather upstream on ${weather.url}`);
console.log(`quotes upstream on ${quotes.url}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void Promise.all([weather.close(), quotes.close()]).then(() => process.exit(0));
  });
}
