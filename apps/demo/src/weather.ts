import type { IncomingMessage, ServerResponse } from "node:http";
import { sendError, sendJson } from "./http";

const CITIES: Record<string, { lat: number; lon: number; climate: number }> = {
  berlin: { lat: 52.52, lon: 13.4, climate: 10 },
  lisbon: { lat: 38.72, lon: -9.14, climate: 18 },
  tokyo: { lat: 35.68, lon: 139.69, climate: 16 },
  nairobi: { lat: -1.29, lon: 36.82, climate: 20 },
  "san-francisco": { lat: 37.77, lon: -122.42, climate: 14 },
};

const CONDITIONS = ["clear", "cloudy", "light rain", "windy", "fog", "sunny spells"];

/** Deterministic pseudo-weather: the same city and day always give the same answer. */
function dayReading(city: string, dayOffset: number) {
  const info = CITIES[city]!;
  const day = Math.floor(Date.now() / 86_400_000) + dayOffset;
  let seed = day * 31;
  for (const ch of city) seed = (seed * 33 + ch.charCodeAt(0)) % 2_147_483_647;
  const jitter = (seed % 100) / 10 - 5;
  return {
    date: new Date(day * 86_400_000).toISOString().slice(0, 10),
    temperature_c: Math.round((info.climate + jitter) * 10) / 10,
    condition: CONDITIONS[seed % CONDITIONS.length],
    wind_kph: 5 + (seed % 30),
  };
}

export function handleWeather(req: IncomingMessage, res: ServerResponse, url: URL): void {
  if (url.pathname === "/health") return sendJson(res, 200, { ok: true });
  if (req.method !== "GET")
    return sendError(res, 405, "method_not_allowed", "The weather API only answers GET.");
  const city = (url.searchParams.get("city") ?? "berlin").toLowerCase();
  if (!(city in CITIES)) {
    return sendError(
      res,
      404,
      "unknown_city",
      `No data for "${city}". Try one of: ${Object.keys(CITIES).join(", ")}.`,
    );
  }
  if (url.pathname === "/cities") return sendJson(res, 200, { cities: Object.keys(CITIES) });
  if (url.pathname === "/current")
    return sendJson(res, 200, { city, ...CITIES[city], now: dayReading(city, 0) });
  if (url.pathname === "/forecast") {
    const days = Math.min(7, Math.max(1, Number(url.searchParams.get("days") ?? 3) || 3));
    return sendJson(res, 200, {
      city,
      days: Array.from({ length: days }, (_, i) => dayReading(city, i + 1)),
    });
  }
  sendError(
    res,
    404,
    "not_found",
    `No route ${url.pathname}. Routes: /current, /forecast, /cities, /health.`,
  );
}
