/**
 * ln-service's `authenticatedLndGrpc`, but dialling a checked IP address while TLS still verifies
 * (and SNI names) the node's host name. ln-service takes only `host:port` and lets gRPC resolve
 * the name itself, after our check: a DNS answer that changes in between (rebinding) would reach
 * an address nobody checked. Here gRPC gets the IP (nothing left to resolve) plus the channel
 * options `grpc.ssl_target_name_override` / `grpc.default_authority` for the name.
 *
 * Built from the same `lightning` internals authenticatedLndGrpc uses (lightning 11.1.0, pinned),
 * so the result is the same `lnd` object every ln-service method takes.
 */
/// <reference path="./ln-service.d.ts" />
import path from "node:path";
import type { AuthenticatedLnd } from "ln-service";

type GrpcServices = {
  grpcSslCipherSuites: string;
  packageTypes: Record<string, string>;
  protoFiles: Record<string, string>;
  protosDir: string;
  serviceTypes: Record<string, string>;
};
type ApiForProto = (args: {
  credentials: unknown;
  params: Record<string, unknown>;
  path: string;
  service: string;
  socket: string;
  type: string;
}) => unknown;
type GrpcCredentials = (args: { cert?: string; macaroon: string }) => { credentials: unknown };

let internals:
  | { services: GrpcServices; apiForProto: ApiForProto; grpcCredentials: GrpcCredentials; dir: string }
  | undefined;

function lightningInternals() {
  if (internals) return internals;
  // Through getBuiltinModule so bundlers leave this require alone (the web app keeps `lightning`
  // external); resolved from ln-service, so it is the very copy ln-service itself runs on.
  const { createRequire } = process.getBuiltinModule("node:module");
  const fromHere = createRequire(import.meta.url);
  const fromLnService = createRequire(fromHere.resolve("ln-service"));
  const apiForProtoFile = fromLnService.resolve("lightning/lnd_grpc/api_for_proto");
  const dir = path.dirname(apiForProtoFile);
  internals = {
    apiForProto: fromLnService(apiForProtoFile) as ApiForProto,
    grpcCredentials: fromLnService(path.join(dir, "grpc_credentials")) as GrpcCredentials,
    services: fromLnService(path.join(dir, "..", "grpc")) as GrpcServices,
    dir,
  };
  return internals;
}

export function pinnedLndGrpc(args: {
  /** host:port as the provider gave it: TLS verifies `host`; the authority is this. */
  socket: string;
  host: string;
  /** The checked IP address to dial. */
  address: string;
  port: number;
  cert?: string;
  macaroon: string;
}): AuthenticatedLnd {
  const { apiForProto, grpcCredentials, services, dir } = lightningInternals();
  const { credentials } = grpcCredentials({
    macaroon: args.macaroon,
    ...(args.cert ? { cert: args.cert } : {}),
  });
  if (args.cert && process.env.GRPC_SSL_CIPHER_SUITES !== services.grpcSslCipherSuites) {
    process.env.GRPC_SSL_CIPHER_SUITES = services.grpcSslCipherSuites; // as authenticatedLndGrpc does
  }
  const params = {
    "grpc.max_receive_message_length": -1,
    "grpc.max_send_message_length": -1,
    "grpc.ssl_target_name_override": args.host,
    "grpc.default_authority": args.socket,
  };
  const target = args.address.includes(":")
    ? `[${args.address}]:${args.port}`
    : `${args.address}:${args.port}`;
  const lnd: Record<string, unknown> = {};
  for (const type of Object.keys(services.serviceTypes)) {
    const service = services.serviceTypes[type]!;
    lnd[type] = apiForProto({
      credentials,
      params,
      service,
      path: path.join(dir, services.protosDir, services.protoFiles[service]!),
      socket: target,
      type: services.packageTypes[service]!,
    });
  }
  return lnd as unknown as AuthenticatedLnd;
}
