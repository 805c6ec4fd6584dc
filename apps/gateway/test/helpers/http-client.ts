/** A tiny HTTP client for tests that can set any Host header and never pools connections. */
import { request } from "node:http";
import { connect } from "node:net";

export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Every value of a header, in order (IncomingMessage joins repeated headers with ", "). */
  all(name: string): string[];
  json<T = Record<string, unknown>>(): T;
}

export function send(
  port: number,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path, method: init.method ?? "GET", headers: init.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          const raw = res.rawHeaders;
          const all = (name: string) =>
            raw.flatMap((v, i) => (i % 2 === 0 && v.toLowerCase() === name ? [raw[i + 1]!] : []));
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            all,
            json: () => JSON.parse(body),
          });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

/** Sends raw bytes and returns everything the server writes back until it closes or goes quiet. */
export function sendRaw(port: number, bytes: string | Buffer, quietMs = 300): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString("latin1"));
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(done, quietMs);
    };
    socket.on("connect", () => {
      socket.write(bytes);
      arm();
    });
    socket.on("data", (c: Buffer) => {
      chunks.push(c);
      arm();
    });
    socket.on("error", done);
    socket.on("close", done);
  });
}

/** Status codes of every HTTP response found in a raw byte stream. */
export function statusesIn(raw: string): number[] {
  return [...raw.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));
}
