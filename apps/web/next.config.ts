import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Workspace packages are published as TypeScript source; Next compiles them with the app.
  transpilePackages: [
    "@tollbooth/db",
    "@tollbooth/l402-core",
    "@tollbooth/lightning",
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
  ],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
