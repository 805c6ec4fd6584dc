/**
 * The demo seed, run by `npm start` after the simnet and the demo upstreams are up and before the
 * gateway starts. Idempotent: on an empty database it creates the demo provider (login printed),
 * its team, a simnet node as its Lightning connection, and the two demo APIs — priced, published
 * and pointing at the demo upstreams. On later runs it only fills in what is missing.
 */
import {
  DEFAULT_DEMO_QUOTES_URL,
  DEFAULT_DEMO_WEATHER_URL,
  RouteDocs,
  type RouteDocsInput,
} from "@tollbooth/contract";
import { createDb, type Prisma } from "@tollbooth/db";
// @ts-expect-error plain .mjs without types: scripts/ runs before install, so it stays JavaScript
import { demoLoginLine } from "../../../scripts/lib/demo-login.mjs";
import { hashPassword } from "../src/server/auth/password";
import { simnetAdmin } from "../src/server/lightning/simnet-admin";
import { openSecret, sealSecret, sealUpstreamSecret } from "../src/server/secrets";

type Rule = {
  method: string;
  pathPattern: string;
  kind: "free" | "per_call" | "time_pass";
  priceSats: number;
  callsPerToken?: number;
  passSeconds?: number;
  /** route docs (packages/contract RouteDocs), shown on the hub and in openapi.json */
  docs?: RouteDocsInput;
};

const CITY = {
  name: "city",
  in: "query" as const,
  type: "string" as const,
  description: "One of the cities /cities lists; default berlin.",
};

const email = (process.env.DEMO_EMAIL ?? "demo@tollbooth.dev").toLowerCase();
const password = process.env.DEMO_PASSWORD ?? "demo-password";
const upstreamKey = process.env.DEMO_UPSTREAM_KEY ?? "demo-upstream-key";
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("seed-demo: DATABASE_URL is not set.");
  process.exit(2);
}

const DEMO_APIS: {
  slug: string;
  name: string;
  description: string;
  category: string;
  upstream: string;
  freeTierCalls: number;
  rules: Rule[];
}[] = [
  {
    slug: "weather",
    name: "Demo Weather",
    description:
      "Current conditions and multi-day forecasts for a handful of world cities. Pass ?city=berlin.",
    category: "weather",
    upstream: process.env.DEMO_WEATHER_URL ?? DEFAULT_DEMO_WEATHER_URL,
    freeTierCalls: 0,
    rules: [
      {
        method: "GET",
        pathPattern: "/cities",
        kind: "free",
        priceSats: 0,
        docs: {
          description: "The cities this API knows.",
          example_response: '{"cities":["berlin","tokyo"]}',
        },
      },
      {
        method: "GET",
        pathPattern: "/current",
        kind: "per_call",
        priceSats: 5,
        docs: { description: "Current conditions in one city.", parameters: [CITY] },
      },
      {
        method: "GET",
        pathPattern: "/forecast",
        kind: "per_call",
        priceSats: 20,
        callsPerToken: 5,
        docs: {
          description: "A forecast of 1 to 7 days.",
          parameters: [CITY, { name: "days", in: "query", type: "integer", description: "1–7, default 3." }],
        },
      },
    ],
  },
  {
    slug: "quotes",
    name: "Demo Quotes",
    description: "Famous quotes, one at a time or by id. A tiny API to try paying per call.",
    category: "fun",
    upstream: process.env.DEMO_QUOTES_URL ?? DEFAULT_DEMO_QUOTES_URL,
    freeTierCalls: 0,
    rules: [
      { method: "GET", pathPattern: "/random", kind: "per_call", priceSats: 2 },
      {
        method: "GET",
        pathPattern: "/:id",
        kind: "per_call",
        priceSats: 10,
        callsPerToken: 10,
        docs: {
          description: "One quote by its id.",
          parameters: [{ name: "id", in: "path", type: "integer", required: true, description: "From 1." }],
          example_response:
            '{"id":1,"author":"Edsger Dijkstra","text":"Simplicity is prerequisite for reliability."}',
        },
      },
      {
        method: "POST",
        pathPattern: "/echo",
        kind: "per_call",
        priceSats: 50,
        docs: {
          description: "Counts the bytes of the body it is sent; stores nothing.",
          example_request: '{"hello":"world"}',
          example_response: '{"received_bytes":17,"stored":false}',
        },
      },
    ],
  },
];

const db = createDb(databaseUrl);

async function ensureProvider() {
  const existing = await db.user.findUnique({ where: { email }, include: { memberships: true } });
  if (existing?.memberships[0])
    return { userId: existing.id, tenantId: existing.memberships[0].tenantId, created: false };
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    // The demo login works at once: its address counts as confirmed.
    const user =
      existing ??
      (await tx.user.create({
        data: { email, name: "Demo Provider", passwordHash, emailVerifiedAt: new Date() },
      }));
    const tenant = await tx.tenant.create({ data: { name: "Tollbooth Demo" } });
    await tx.tenantMember.create({ data: { tenantId: tenant.id, userId: user.id, role: "owner" } });
    await tx.auditEvent.create({
      data: { tenantId: tenant.id, actorId: user.id, action: "tenant.created", target: "Tollbooth Demo" },
    });
    return { userId: user.id, tenantId: tenant.id, created: true };
  });
}

/** null when the stored macaroon no longer opens (for instance, the master key was replaced). */
function openOrNull(tenantId: string, cipher: Uint8Array, keyVersion: number): string | null {
  try {
    return openSecret(tenantId, "node_macaroon", cipher, keyVersion);
  } catch {
    return null;
  }
}

async function ensureConnection(tenantId: string, userId: string): Promise<string | null> {
  const existing = await db.lightningConnection.findFirst({
    where: { tenantId },
    orderBy: { createdAt: "desc" },
  });
  if (existing && existing.kind !== "simnet") return existing.id;
  let creds: Awaited<ReturnType<typeof simnetAdmin.createNode>>;
  try {
    creds = await simnetAdmin.createNode("demo-provider");
  } catch (err) {
    if (existing) return existing.id;
    console.warn(
      `seed-demo: no simnet node (${err instanceof Error ? err.message : "unknown"}); the demo APIs stay unpublished.`,
    );
    return null;
  }
  const sealed = sealSecret(tenantId, "node_macaroon", creds.macaroon);
  if (existing) {
    // The simnet may have been reset (new data dir): keep the stored node in step with it.
    const same =
      existing.socket === creds.socket &&
      existing.tlsCert === creds.tlsCert &&
      existing.nodePubkey === creds.pubkey &&
      openOrNull(tenantId, existing.macaroonCipher, existing.macaroonKeyVersion) === creds.macaroon;
    if (!same) {
      await db.lightningConnection.update({
        where: { id: existing.id },
        data: {
          socket: creds.socket,
          tlsCert: creds.tlsCert,
          macaroonCipher: sealed.cipher,
          macaroonKeyVersion: sealed.keyVersion,
          nodePubkey: creds.pubkey,
          settleIndex: 0n,
        },
      });
      console.log("seed-demo: the simnet was reset; updated the demo provider's node.");
    }
    return existing.id;
  }
  const conn = await db.lightningConnection.create({
    data: {
      tenantId,
      kind: "simnet",
      socket: creds.socket,
      tlsCert: creds.tlsCert,
      macaroonCipher: sealed.cipher,
      macaroonKeyVersion: sealed.keyVersion,
      nodePubkey: creds.pubkey,
    },
  });
  await db.auditEvent.create({
    data: {
      tenantId,
      actorId: userId,
      action: "lightning.connected",
      target: creds.socket,
      details: { kind: "simnet" },
    },
  });
  return conn.id;
}

async function ensureApi(
  tenantId: string,
  userId: string,
  connectionId: string | null,
  spec: (typeof DEMO_APIS)[number],
) {
  const existing = await db.api.findUnique({ where: { slug: spec.slug } });
  if (existing) {
    if (existing.tenantId !== tenantId)
      console.warn(`seed-demo: slug "${spec.slug}" belongs to another team; skipped.`);
    else if (!existing.lightningConnectionId && connectionId) {
      await db.api.update({
        where: { id: existing.id },
        data: { lightningConnectionId: connectionId, published: true },
      });
    }
    return false;
  }
  const sealed = sealUpstreamSecret(tenantId, spec.upstream, upstreamKey);
  await db.api.create({
    data: {
      tenantId,
      slug: spec.slug,
      name: spec.name,
      description: spec.description,
      category: spec.category,
      upstreamBaseUrl: spec.upstream.replace(/\/+$/, ""),
      upstreamSecretHeader: "x-api-key",
      upstreamSecretCipher: sealed.cipher,
      upstreamSecretKeyVersion: sealed.keyVersion,
      allowPrivateUpstream: true,
      freeTierCalls: spec.freeTierCalls,
      lightningConnectionId: connectionId,
      published: connectionId !== null,
      pricingRules: {
        create: spec.rules.map((r, position) => ({
          position,
          method: r.method,
          pathPattern: r.pathPattern,
          kind: r.kind,
          priceSats: r.priceSats,
          callsPerToken: r.callsPerToken ?? 1,
          passSeconds: r.passSeconds ?? null,
          // Parsed by the one schema every reader uses, so the seed cannot store another shape.
          ...(r.docs ? { docs: RouteDocs.parse(r.docs) as Prisma.InputJsonValue } : {}),
        })),
      },
    },
  });
  await db.auditEvent.create({
    data: { tenantId, actorId: userId, action: "api.created", target: spec.slug, details: { demo: true } },
  });
  return true;
}

try {
  const provider = await ensureProvider();
  const connectionId = await ensureConnection(provider.tenantId, provider.userId);
  const created: string[] = [];
  for (const spec of DEMO_APIS) {
    if (await ensureApi(provider.tenantId, provider.userId, connectionId, spec)) created.push(spec.slug);
  }
  console.log(
    created.length > 0 || provider.created
      ? `seed-demo: demo provider ready with ${created.length ? created.join(", ") : "its APIs"}.`
      : "seed-demo: demo data already present; nothing to do.",
  );
  console.log(`seed-demo: demo login ${demoLoginLine(process.env)}`);
} catch (err) {
  console.error("seed-demo: failed:", err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
