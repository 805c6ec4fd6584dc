/**
 * Postgres stopped for 30 s under load: paid calls on tokens and config the gateway already holds
 * go on; afterwards every usage event is stored exactly once and the token's count is exact.
 * Uses an embedded PGlite in a temp dir (the shared test Postgres cannot be stopped), stopped
 * and restarted on the same data dir and port.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "@tollbooth/db/embedded";
import { migrate } from "@tollbooth/db/migrate";
import type { RunningGateway } from "../src/gateway";
import { send } from "./helpers/http-client";
import { type CreatedApi, PaidStack } from "./helpers/paid-stack";
import { type EchoUpstream, startEchoUpstream } from "./helpers/upstreams";

const OUTAGE_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Postgres outage under load", () => {
  let dir: string;
  let pg: EmbeddedPostgres;
  let stack: PaidStack;
  let upstream: EchoUpstream;
  let gateway: RunningGateway;
  let api: CreatedApi;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "gw-outage-"));
    pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg") });
    await migrate({ url: pg.url });
    stack = await PaidStack.start({ databaseUrl: pg.url });
    upstream = await startEchoUpstream();
    api = await stack.createApi({
      upstreamBaseUrl: upstream.url,
      rules: [{ pathPattern: "/*", priceSats: 1, callsPerToken: 100_000 }],
    });
    gateway = await stack.startGateway();
    await stack.waitForApi(gateway, api.slug);
  });
  after(async () => {
    await stack.stop();
    await upstream.close();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("paid calls go on while Postgres is down; afterwards every event is stored once and the count is exact", async () => {
    const { authorization } = await stack.buyToken(gateway, `/${api.slug}/warm`);
    const first = await send(gateway.port, `/${api.slug}/warm`, { headers: { authorization } });
    assert.equal(first.status, 200);

    const statuses: number[] = [first.status];
    const outageStatuses: number[] = [];
    let phase: "before" | "outage" | "after" | "done" = "before";
    const worker = async () => {
      while (phase !== "done") {
        const res = await send(gateway.port, `/${api.slug}/load`, { headers: { authorization } });
        statuses.push(res.status);
        if (phase === "outage") outageStatuses.push(res.status);
        await sleep(5);
      }
    };
    const workers = Array.from({ length: 6 }, worker);
    await sleep(500);
    const port = pg.port;
    await pg.stop();
    phase = "outage";
    await sleep(OUTAGE_MS);
    pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port });
    phase = "after";
    await sleep(2_000);
    phase = "done";
    await Promise.all(workers);

    assert.ok(outageStatuses.length > 50, `only ${outageStatuses.length} calls during the outage`);
    assert.deepEqual([...new Set(outageStatuses)], [200], "every paid call during the outage succeeded");
    assert.ok(statuses.every((s) => s === 200));

    // Written back: metering and the offline journal.
    for (let i = 0; i < 100 && (gateway.meter.buffered > 0 || gateway.ledger.isOffline); i++)
      await sleep(100);
    await gateway.meter.drain(Date.now() + 10_000);
    const events = await stack.pg.query(
      "SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM usage_events WHERE api_id = $1 AND route = '/*' AND status = 200",
      [api.id],
    );
    assert.equal(events.rows[0].n, statuses.length);
    assert.equal(events.rows[0].d, statuses.length);
    // Calls leased ahead and not served are counted in Postgres until they go back (after 1 s idle).
    const callsUsed = async () =>
      (
        await stack.pg.query(
          "SELECT calls_used FROM token_consumption WHERE token_id = (SELECT token_id FROM challenges WHERE api_id = $1 LIMIT 1)",
          [api.id],
        )
      ).rows[0].calls_used as number;
    let used = await callsUsed();
    for (let i = 0; i < 50 && used !== statuses.length; i++) {
      await sleep(100);
      used = await callsUsed();
    }
    assert.equal(used, statuses.length);
  });
});
