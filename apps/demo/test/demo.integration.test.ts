import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startDemoUpstream } from "../src/index";

// biome-ignore lint/suspicious/noExplicitAny: test reads loosely-typed JSON bodies
const json = (res: Response): Promise<any> => res.json();

describe("demo upstreams over loopback HTTP", () => {
  const apiKey = "k-test-123";
  let weather: Awaited<ReturnType<typeof startDemoUpstream>>;
  let quotes: Awaited<ReturnType<typeof startDemoUpstream>>;
  before(async () => {
    weather = await startDemoUpstream("weather", { apiKey });
    quotes = await startDemoUpstream("quotes", { apiKey });
  });
  after(async () => {
    await weather.close();
    await quotes.close();
  });

  test("refuses a call without the provider's key, with a JSON error", async () => {
    const res = await fetch(`${weather.url}/current?city=tokyo`);
    assert.equal(res.status, 401);
    assert.equal((await json(res)).error, "missing_api_key");
    const wrong = await fetch(`${weather.url}/current`, { headers: { "x-api-key": "k-test-124" } });
    assert.equal(wrong.status, 401);
  });

  test("weather answers the same forecast twice for the same city", async () => {
    const get = async () =>
      json(await fetch(`${weather.url}/forecast?city=lisbon&days=2`, { headers: { "x-api-key": apiKey } }));
    const a = await get();
    assert.equal(a.city, "lisbon");
    assert.equal(a.days.length, 2);
    assert.deepEqual(await get(), a);
  });

  test("unknown city and unknown quote are 404 JSON errors", async () => {
    const city = await fetch(`${weather.url}/current?city=atlantis`, { headers: { "x-api-key": apiKey } });
    assert.equal(city.status, 404);
    assert.equal((await json(city)).error, "unknown_city");
    const quote = await fetch(`${quotes.url}/999`, { headers: { "x-api-key": apiKey } });
    assert.equal(quote.status, 404);
  });

  test("quotes by id and POST echo of the body size", async () => {
    const random = await json(await fetch(`${quotes.url}/random`, { headers: { "x-api-key": apiKey } }));
    assert.ok(random.id >= 1 && random.text.length > 0);
    const one = await json(await fetch(`${quotes.url}/1`, { headers: { "x-api-key": apiKey } }));
    assert.equal(one.id, 1);
    assert.ok(one.author.length > 0);
    const body = "x".repeat(5000);
    const posted = await fetch(`${quotes.url}/echo`, {
      method: "POST",
      body,
      headers: { "x-api-key": apiKey },
    });
    assert.equal(posted.status, 201);
    assert.equal((await json(posted)).received_bytes, 5000);
  });
});
