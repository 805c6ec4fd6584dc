/**
 * Malformed, oversized and smuggling requests: every one gets a 4xx, or reaches the upstream
 * exactly once — never a 5xx, a crash, or a second hidden request.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { send, sendRaw, statusesIn } from "./helpers/http-client";
import { apiFixture, type StaticGateway, startStaticGateway } from "./helpers/static-gateway";
import { type EchoUpstream, startEchoUpstream } from "./helpers/upstreams";

const H = "Host: 127.0.0.1\r\n";

function corpus(n: number): Array<[string, string]> {
  const p = `/echo/case-${n}`;
  const s = `/echo/smuggled-${n}`;
  return [
    [
      "CL and TE",
      `POST ${p} HTTP/1.1\r\n${H}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET ${s} HTTP/1.1\r\n${H}\r\n`,
    ],
    [
      "TE and CL",
      `POST ${p} HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n0\r\n\r\nGET ${s} HTTP/1.1\r\n${H}\r\n`,
    ],
    [
      "duplicate CL, different",
      `POST ${p} HTTP/1.1\r\n${H}Content-Length: 5\r\nContent-Length: 30\r\n\r\nhelloGET ${s} HTTP/1.1\r\n${H}\r\n`,
    ],
    ["duplicate CL, same", `POST ${p} HTTP/1.1\r\n${H}Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello`],
    ["CL list", `POST ${p} HTTP/1.1\r\n${H}Content-Length: 5, 5\r\n\r\nhello`],
    ["CL with plus", `POST ${p} HTTP/1.1\r\n${H}Content-Length: +5\r\n\r\nhello`],
    ["CL negative", `POST ${p} HTTP/1.1\r\n${H}Content-Length: -1\r\n\r\n`],
    ["CL huge", `POST ${p} HTTP/1.1\r\n${H}Content-Length: 99999999999999999999999\r\n\r\n`],
    ["TE obfuscated", `POST ${p} HTTP/1.1\r\n${H}Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n`],
    [
      "TE space before colon",
      `POST ${p} HTTP/1.1\r\n${H}Transfer-Encoding : chunked\r\n\r\n0\r\n\r\nGET ${s} HTTP/1.1\r\n${H}\r\n`,
    ],
    [
      "TE chunked not last",
      `POST ${p} HTTP/1.1\r\n${H}Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n`,
    ],
    [
      "TE twice",
      `POST ${p} HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    ],
    [
      "bad chunk size",
      `POST ${p} HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n`,
    ],
    [
      "chunk size overflow",
      `POST ${p} HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nx\r\n0\r\n\r\n`,
    ],
    ["obs-fold", `GET ${p} HTTP/1.1\r\n${H}X-A: 1\r\n continued\r\n\r\n`],
    ["bare LF", `GET ${p} HTTP/1.1\n${H.replace("\r", "")}\n`],
    ["NUL in header", `GET ${p} HTTP/1.1\r\n${H}X-A: a\u0000b\r\n\r\n`],
    ["space in header name", `GET ${p} HTTP/1.1\r\n${H}X A: 1\r\n\r\n`],
    ["invalid method", `G@T ${p} HTTP/1.1\r\n${H}\r\n`],
    ["HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"],
    ["garbage", "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003"],
    ["oversized header", `GET ${p} HTTP/1.1\r\n${H}X-Big: ${"a".repeat(40_000)}\r\n\r\n`],
    ["many headers", `GET ${p} HTTP/1.1\r\n${H}${"X-N: 1\r\n".repeat(3000)}\r\n`],
    ["absolute-form target", `GET http://169.254.169.254${p} HTTP/1.1\r\n${H}\r\n`],
    ["asterisk target", `OPTIONS * HTTP/1.1\r\n${H}\r\n`],
    ["CONNECT", `CONNECT 127.0.0.1:22 HTTP/1.1\r\n${H}\r\n`],
    ["upgrade", `GET ${p} HTTP/1.1\r\n${H}Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n`],
    ["encoded traversal", `GET /echo/a/%2e%2e/%2e%2e/etc HTTP/1.1\r\n${H}\r\n`],
    ["HTTP/1.0 keep-alive", `GET ${p} HTTP/1.0\r\nConnection: keep-alive\r\n\r\n`],
    ["expect continue", `POST ${p} HTTP/1.1\r\n${H}Expect: 100-continue\r\nContent-Length: 5\r\n\r\nhello`],
    ["pipelined pair", `GET ${p} HTTP/1.1\r\n${H}\r\nGET ${p} HTTP/1.1\r\n${H}Connection: close\r\n\r\n`],
  ];
}

describe("malformed and smuggling requests", () => {
  let upstream: EchoUpstream;
  let gateway: StaticGateway;

  before(async () => {
    upstream = await startEchoUpstream();
    gateway = await startStaticGateway(
      [apiFixture({ slug: "echo", upstreamBaseUrl: upstream.url }, [{ pathPattern: "/*" }])],
      {
        pools: { headersMs: 2_000 },
      },
    );
  });
  after(async () => {
    await gateway.close();
    await upstream.close();
  });

  it("each corpus entry → 4xx, or one upstream request per 2xx; nothing smuggled", async () => {
    const cases = corpus(0);
    assert.ok(cases.length >= 30);
    for (const [n, [name]] of cases.entries()) {
      const [, raw] = corpus(n)[n]!;
      const before = upstream.seen.length;
      const statuses = statusesIn(await sendRaw(gateway.port, raw, 150)).filter((s) => s !== 100);
      const reached = upstream.seen.slice(before);
      assert.ok(statuses.length > 0, `${name}: no response at all`);
      for (const status of statuses) assert.ok(status < 500, `${name}: answered ${status}`);
      const ok = statuses.filter((s) => s < 300).length;
      assert.equal(reached.length, ok, `${name}: ${reached.length} upstream requests for ${ok} successes`);
      assert.ok(
        !reached.some((r) => r.url.includes("smuggled")),
        `${name}: a smuggled request reached the upstream`,
      );
    }
  });

  it("random paths, header values and credentials never produce a 5xx (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 80 }),
        fc.string({ maxLength: 200 }),
        fc.string({ maxLength: 300 }),
        async (path, value, credential) => {
          const safePath = `/echo/${encodeURI(path).replace(/[?#]/g, "")}`;
          const headerValue = value.replace(/[^\t\x20-\x7e]/g, "");
          const auth = `L402 ${credential.replace(/[^\t\x20-\x7e]/g, "")}`;
          const res = await send(gateway.port, safePath, {
            headers: { "x-random": headerValue, authorization: auth },
          });
          assert.ok(res.status < 500, `${safePath} → ${res.status}`);
        },
      ),
      { numRuns: 150 },
    );
  });
});
