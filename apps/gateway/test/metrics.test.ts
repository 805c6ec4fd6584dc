import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayMetrics } from "../src/ops/metrics";

describe("gateway metrics", () => {
  it("requests counted in plain numbers reach /metrics exactly, by tenant, kind and status class", async () => {
    const metrics = new GatewayMetrics();
    metrics.observeRequest("weather", "per_call", 200, 0.0004);
    metrics.observeRequest("weather", "per_call", 200, 0.001);
    metrics.observeRequest("weather", "per_call", 402, 0.003);
    metrics.observeRequest("weather", "free", 503, 20);
    metrics.observeRequest("maps", "free", 301, 0.2);
    const text = await metrics.registry.metrics();
    const line = (prefix: string) => text.split("\n").find((l) => l.startsWith(prefix));
    assert.equal(
      line('tollbooth_gateway_requests_total{tenant="weather",kind="per_call",status="2xx"}'),
      'tollbooth_gateway_requests_total{tenant="weather",kind="per_call",status="2xx"} 2',
    );
    assert.match(
      line('tollbooth_gateway_requests_total{tenant="weather",kind="per_call",status="4xx"}') ?? "",
      / 1$/,
    );
    assert.match(
      line('tollbooth_gateway_requests_total{tenant="weather",kind="free",status="5xx"}') ?? "",
      / 1$/,
    );
    assert.match(
      line('tollbooth_gateway_requests_total{tenant="maps",kind="free",status="3xx"}') ?? "",
      / 1$/,
    );
    const bucket = (tenant: string, le: string) =>
      line(`tollbooth_gateway_request_duration_seconds_bucket{le="${le}",tenant="${tenant}"}`)?.split(" ")[1];
    assert.equal(bucket("weather", "0.0005"), "1");
    assert.equal(bucket("weather", "0.001"), "2", "a value on a bound counts in that bucket");
    assert.equal(bucket("weather", "0.005"), "3");
    assert.equal(bucket("weather", "10"), "3");
    assert.equal(bucket("weather", "+Inf"), "4");
    assert.equal(bucket("maps", "0.1"), "0");
    assert.equal(bucket("maps", "0.25"), "1");
    assert.equal(
      line('tollbooth_gateway_request_duration_seconds_count{tenant="weather"}'),
      'tollbooth_gateway_request_duration_seconds_count{tenant="weather"} 4',
    );
    const sum = Number(
      line('tollbooth_gateway_request_duration_seconds_sum{tenant="weather"}')?.split(" ")[1],
    );
    assert.ok(Math.abs(sum - 20.0044) < 1e-9, String(sum));
    assert.match(text, /# TYPE tollbooth_gateway_request_duration_seconds histogram/);
    // A second scrape reports the same totals (not doubled), plus what came since.
    metrics.observeRequest("weather", "per_call", 200, 0.0004);
    const again = await metrics.registry.metrics();
    assert.match(
      again,
      /tollbooth_gateway_requests_total\{tenant="weather",kind="per_call",status="2xx"\} 3\n/,
    );
  });
});
