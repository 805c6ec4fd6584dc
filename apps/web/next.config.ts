import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Workspace packages are published as TypeScript source; Next compiles them with the app.
  transpilePackages: [
    "@tollbooth/agent-tools",
    "@tollbooth/contract",
    "@tollbooth/db",
    "@tollbooth/l402-core",
    "@tollbooth/lightning",
    "@tollbooth/receipts",
    "@tollbooth/simnet",
    "@tollbooth/upstream-guard",
  ],
  // Native-ish server deps stay as runtime requires instead of being bundled.
  serverExternalPackages: [
    "@prisma/client",
    "@prisma/adapter-pg",
    "pg",
    "ln-service",
    "lightning",
    "@grpc/grpc-js",
    "@grpc/proto-loader",
    "macaroon",
    "ws",
    "nostr-tools",
  ],
  poweredByHeader: false,
  experimental: {
    // proxy.ts makes Next buffer every request body (10 MB by default) before a route sees it. No
    // form or Try it step needs more than 256 KiB (routes answer 413 above that), so buffer 1 MB.
    proxyClientMaxBodySize: "1mb",
  },
  typedRoutes: false,
  // The App Router does not route dot-prefixed folders: well-known documents live under /api.
  async rewrites() {
    return [{ source: "/.well-known/tollbooth-receipt-keys.json", destination: "/api/receipt-keys" }];
  },
};

export default nextConfig;
