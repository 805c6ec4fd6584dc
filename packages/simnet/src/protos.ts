import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

/**
 * LND's own .proto files, as shipped in the `lightning` package that ln-service uses, loaded with
 * the same options that package uses on the client side so both ends agree on every field.
 */
const require = createRequire(import.meta.url);
export const PROTOS_DIR = join(dirname(require.resolve("lightning/package.json")), "grpc", "protos");

export interface LndServices {
  lightning: grpc.ServiceDefinition;
  router: grpc.ServiceDefinition;
}

export function loadLndServices(): LndServices {
  const definition = protoLoader.loadSync(["lightning.proto", "router.proto"], {
    includeDirs: [PROTOS_DIR],
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(definition);
  const service = (ns: string, name: string) =>
    ((pkg[ns] as grpc.GrpcObject)[name] as grpc.ServiceClientConstructor).service;
  return { lightning: service("lnrpc", "Lightning"), router: service("routerrpc", "Router") };
}
