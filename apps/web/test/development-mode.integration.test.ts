import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { createDb } from "@tollbooth/db";
import { TRPCError } from "@trpc/server";
import { getSessionUser } from "../src/server/auth/get-session-user";
import { signUp } from "../src/server/auth/sign-up";
import { createCaller } from "../src/server/trpc/root";

/**
 * Development allows private upstreams (the demo APIs run on loopback), but never the stack's own
 * services — the simnet admin API hands out admin macaroons, the gateway admin shows every
 * tenant's revenue — nor cloud metadata addresses. Node sockets likewise (the simnet's gRPC port
 * is the one stack port a node may use).
 */
process.env.TOLLBOOTH_ENV = "development";
Object.assign(process.env, {
  WEB_PORT: "3000",
  GATEWAY_PORT: "8402",
  GATEWAY_ADMIN_PORT: "8403",
  SIMNET_GRPC_PORT: "10009",
  SIMNET_ADMIN_PORT: "10010",
  TOLLBOOTH_PG_PORT: "54329",
});
const databaseUrl = process.env.DATABASE_URL;
assert.ok(databaseUrl, "DATABASE_URL must point at a migrated Postgres");
const db = createDb(databaseUrl);
const run = randomBytes(4).toString("hex");
let caller: ReturnType<typeof createCaller>;

before(async () => {
  const s = await signUp(db, { email: `dev-${run}@it.test`, password: "a long enough password" });
  const user = (await getSessionUser(db, s.token))!;
  caller = createCaller({ db, user, sessionToken: undefined, resHeaders: new Headers(), secure: false });
});
after(async () => {
  await db.$disconnect();
});

const badRequest = (err: unknown) => err instanceof TRPCError && err.code === "BAD_REQUEST";
const slug = () => `dev-${run}-${randomBytes(2).toString("hex")}`;

test("the stack's own services and metadata addresses are refused as upstreams", async () => {
  const db5432 = new URL(databaseUrl).port || "5432";
  for (const upstreamBaseUrl of [
    "http://127.0.0.1:10010", // simnet admin
    "http://localhost:10009", // simnet gRPC
    "http://127.0.0.1:8403/metrics", // gateway admin
    "http://127.0.0.1:8402", // the gateway itself
    "http://127.0.0.1:3000", // the web app
    "http://127.0.0.1:54329", // embedded Postgres
    `http://127.0.0.1:${db5432}`, // the database in use
    "http://[::1]:10010",
    "http://169.254.169.254/latest/meta-data",
    "http://[fd00:ec2::254]",
    "http://metadata.google.internal/computeMetadata/v1",
  ]) {
    await assert.rejects(
      caller.apis.create({ name: "Sneaky", slug: slug(), upstreamBaseUrl }),
      (err: unknown) => badRequest(err) && /own services|metadata/.test((err as Error).message),
      upstreamBaseUrl,
    );
  }
  const api = await caller.apis.create({
    name: "Demo-like",
    slug: slug(),
    upstreamBaseUrl: "http://127.0.0.1:4101",
  });
  await assert.rejects(
    caller.apis.update({ apiId: api.id, upstreamBaseUrl: "http://127.0.0.1:10010" }),
    badRequest,
  );
});

test("a node socket on the stack's other ports or a metadata address is refused before it is dialled", async () => {
  for (const socket of ["127.0.0.1:10010", "127.0.0.1:8403", "169.254.169.254:80"]) {
    await assert.rejects(
      caller.lightning.connectLnd({ socket, macaroon: "00".repeat(20) }),
      (err: unknown) => badRequest(err) && /own services|metadata/.test((err as Error).message),
      socket,
    );
  }
});
