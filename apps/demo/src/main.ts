/** Runs both demo upstreams on DEMO_WEATHER_PORT and DEMO_QUOTES_PORT (defaults in @tollbooth/contract). */
import { DEFAULT_PORTS } from "@tollbooth/contract/defaults";
import { startDemoUpstream } from "./index";

const apiKey = process.env.DEMO_UPSTREAM_KEY ?? "demo-upstream-key";
const weather = await startDemoUpstream("weather", {
  apiKey,
  port: Number(process.env.DEMO_WEATHER_PORT ?? DEFAULT_PORTS.demoWeather),
});
const quotes = await startDemoUpstream("quotes", {
  apiKey,
  port: Number(process.env.DEMO_QUOTES_PORT ?? DEFAULT_PORTS.demoQuotes),
});
console.log(`weather upstream on ${weather.url}`);
console.log(`quotes upstream on ${quotes.url}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void Promise.all([weather.close(), quotes.close()]).then(() => process.exit(0));
  });
}
