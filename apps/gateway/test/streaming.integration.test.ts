import assert from "node:assert/strict";
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import { after, before, describe, it } from "node:test";
import type { RunningGateway } from "../src/gateway";
import { PaidStack } from "./helpers/paid-stack";
import { closeServer, listen } from "./helpers/upstreams";

/**
 * Streams pass through as they arrive. The SSE upstream writes event 1 and then waits for the
 * test, which lets it go on only after it has read event 1 through the gateway: a gateway that
 * buffered would never deliver event 1, and the test would fail on its guard, not on a clock.
 */
interface SseUpstream {
  url: string;
  /** Resolves the upstream's current wait: it writes event 2 and ends. */
  release(): void;
  /** How many upstream responses were closed before they ended (the gateway aborted them). */
  abandoned(): number;
  close(): Promise<void>;
}

async function startSseUpstream(): Promise<SseUpstream> {
  let release: () => void = () => {};
  let abandoned = 0;
  const open = new Set<ServerResponse>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    open.add(res);
    res.on("close", () => {
      open.delete(res);
      if (!res.writableEnded) abandoned++;
    });
    const go = new Promise<void>((resolve) => {
      release = resolve;
    });
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.write("data: 1\n\n");
    if (req.url?.includes("/forever")) return; // only the gateway's stream limit ends this one
    void go.then(() => {
      res.write("data: 2\n\n");
      res.end();
    });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    release: () => release(),
    abandoned: () => abandoned,
    close: async () => {
      for (const res of open) res.destroy();
      await closeServer(server);
    },
  };
}

interface StreamRead {
  status: number;
  events: string[];
  /** 'end' after a complete (chunked-terminated) answer; 'aborted' when the connection was cut. */
  ending: "end" | "aborted";
}

/**
 * Reads an SSE answer through the gateway; `onEvent(n)` runs as event n arrives. Fails (does
 * not hang) if nothing more comes for `guardMs`: a buffering gateway deadlocks against the upstream.
 */
function readStream(
  port: number,
  path: string,
  headers: Record<string, string>,
  onEvent: (n: number) => void,
  guardMs = 15_000,
): Promise<StreamRead> {
  return new Promise((resolve, reject) => {
    const events: string[] = [];
    let guard = setTimeout(() => reject(new Error(`stalled after ${events.length} event(s)`)), guardMs);
    const req = request({ host: "127.0.0.1", port, path, headers, agent: false }, (res) => {
      let buffer = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        clearTimeout(guard);
        guard = setTimeout(() => reject(new Error(`stalled after ${events.length} event(s)`)), guardMs);
        buffer += chunk;
        let at = buffer.indexOf("\n\n");
        while (at !== -1) {
          events.push(buffer.slice(0, at));
          buffer = buffer.slice(at + 2);
          onEvent(events.length);
          at = buffer.indexOf("\n\n");
        }
      });
      const done = (ending: StreamRead["ending"]) => {
        clearTimeout(guard);
        resolve({ status: res.statusCode ?? 0, events, ending });
      };
      res.on("end", () => done(res.complete ? "end" : "aborted"));
      res.on("aborted", () => done("aborted"));
      res.on("error", () => done("aborted"));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("streaming through the gateway", () => {
  let stack: PaidStack;
  let gateway: RunningGateway;
  let quietGateway: RunningGateway;
  let upstream: SseUpstream;
  let free: string;
  let paid: { id: string; slug: string };
  let limited: { id: string; slug: string };

  before(async () => {
    stack = await PaidStack.start();
    upstream = await startSseUpstream();
    gateway = await stack.startGateway();
    // Ordinary answers may be silent for at most 300 ms here: a stream must outlive that.
    quietGateway = await stack.startGateway({
      upstream: { connectMs: 2_000, headersMs: 5_000, bodyMs: 300, connectionsPerOrigin: 16 },
    });
    free = (
      await stack.createApi({ upstreamBaseUrl: upstream.url, rules: [{ pathPattern: "/*", kind: "free" }] })
    ).slug;
    paid = await stack.createApi({
      upstreamBaseUrl: upstream.url,
      rules: [{ pathPattern: "/*", priceSats: 2 }],
    });
    limited = await stack.createApi({
      upstreamBaseUrl: upstream.url,
      rules: [{ pathPattern: "/*", kind: "free" }],
      maxStreamSeconds: 1,
    });
    for (const g of [gateway, quietGateway]) {
      for (const slug of [free, paid.slug, limited.slug]) await stack.waitForApi(g, slug);
    }
  });
  after(async () => {
    await stack.stop();
    await upstream.close();
  });

  it("event 1 reaches the client while the upstream is still streaming", async () => {
    const read = await readStream(gateway.port, `/${free}/events`, {}, (n) => {
      if (n === 1) upstream.release();
    });
    assert.equal(read.status, 200);
    assert.deepEqual(read.events, ["data: 1", "data: 2"]);
    assert.equal(read.ending, "end");
  });

  it("a paid route streams too, and its usage event is recorded exactly once", async () => {
    const { authorization } = await stack.buyToken(gateway, `/${paid.slug}/events`);
    const read = await readStream(gateway.port, `/${paid.slug}/events`, { authorization }, (n) => {
      if (n === 1) upstream.release();
    });
    assert.deepEqual(read.events, ["data: 1", "data: 2"]);
    const forwarded = async () =>
      (
        await stack.pg.query<{ status: number; sats: number }>(
          "SELECT status, sats FROM usage_events WHERE api_id = $1 AND forwarded",
          [paid.id],
        )
      ).rows;
    let rows = await forwarded();
    for (let i = 0; i < 100 && rows.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      rows = await forwarded();
    }
    // Several metering flushes later, still one: the stream was one call.
    await new Promise((r) => setTimeout(r, 300));
    rows = await forwarded();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.status, 200);
    assert.equal(rows[0]!.sats, 2);
  });

  it("the API's maximum stream duration ends the stream cleanly", async () => {
    const before = upstream.abandoned();
    const read = await readStream(gateway.port, `/${limited.slug}/forever`, {}, () => {});
    assert.equal(read.status, 200);
    assert.deepEqual(read.events, ["data: 1"]);
    assert.equal(read.ending, "end", "a complete answer, not a cut connection");
    for (let i = 0; i < 100 && upstream.abandoned() === before; i++)
      await new Promise((r) => setTimeout(r, 20));
    assert.equal(upstream.abandoned(), before + 1, "the upstream request was closed");
    const rows = async () =>
      (
        await stack.pg.query<{ status: number }>("SELECT status FROM usage_events WHERE api_id = $1", [
          limited.id,
        ])
      ).rows;
    let got = await rows();
    for (let i = 0; i < 100 && got.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      got = await rows();
    }
    assert.deepEqual(got, [{ status: 200 }]);
  });

  it("a quiet SSE stream outlives the body timeout meant for ordinary answers", async () => {
    const read = await readStream(
      quietGateway.port,
      `/${free}/events`,
      { accept: "text/event-stream" },
      (n) => {
        // Quiet for several body timeouts (300 ms each) before event 2.
        if (n === 1) setTimeout(() => upstream.release(), 1_000);
      },
    );
    assert.deepEqual(read.events, ["data: 1", "data: 2"]);
    assert.equal(read.ending, "end");
  });

  it("without Accept: text/event-stream the same quiet stream is cut by that timeout (the control)", async () => {
    const read = await readStream(quietGateway.port, `/${free}/events`, {}, (n) => {
      if (n === 1) setTimeout(() => upstream.release(), 1_000);
    });
    assert.deepEqual(read.events, ["data: 1"]);
    assert.equal(read.ending, "aborted");
    upstream.release();
  });
});
