import { DEFAULT_PORTS } from "@tollbooth/contract/defaults";
import { startSimnet } from "@tollbooth/simnet";
import { intFlag, lastFlag, parseArgs } from "../args";
import { usageError } from "../cli-error";
import { simnetLnbitsCommand } from "./simnet-lnbits";
import { simnetNwcCommand } from "./simnet-nwc";

export const SIMNET_HELP = `Usage: tollbooth simnet [options]
       tollbooth simnet lnbits [--node NAME]   print a node's LNbits URL and invoice key
       tollbooth simnet nwc [--node NAME] [--receive-only]   print an NWC connection string

Runs the simulated Lightning network in the foreground: virtual LND nodes behind one TLS gRPC
endpoint (what ln-service and the gateway talk to), an LNbits-compatible API with one wallet per
node, and a loopback admin API that hands out node credentials. Ctrl-C (SIGINT) or SIGTERM stops it; its state stays in the data dir.

Options (each also settable by env):
  --data-dir DIR        state, TLS cert and key          (SIMNET_DATA_DIR, default .data/simnet)
  --host HOST           listen address                   (SIMNET_HOST, default 127.0.0.1)
  --grpc-port N         LND gRPC port                     (SIMNET_GRPC_PORT, default ${DEFAULT_PORTS.simnetGrpc})
  --admin-port N        admin HTTP port                   (SIMNET_ADMIN_PORT, default ${DEFAULT_PORTS.simnetAdmin})
  --lnbits-port N       LNbits API port                   (SIMNET_LNBITS_PORT, default ${DEFAULT_PORTS.simnetLnbits};
                        any free port when --grpc-port is given without it)
  --nostr-port N        Nostr relay for NWC (NIP-47)      (SIMNET_NOSTR_PORT, default ${DEFAULT_PORTS.simnetNostr})
  --latency-ms N        delay before a payment resolves   (SIMNET_LATENCY_MS, default 0)
  --failure-rate R      share of payments that fail, 0–1  (SIMNET_FAILURE_RATE, default 0)
  -h, --help            this help
`;

export async function simnetCommand(argv: string[], out: (line: string) => void): Promise<number> {
  if (argv[0] === "lnbits") return simnetLnbitsCommand(argv.slice(1), out);
  if (argv[0] === "nwc") return simnetNwcCommand(argv.slice(1), out);
  const args = parseArgs(argv, {
    "data-dir": {},
    host: {},
    "grpc-port": {},
    "admin-port": {},
    "lnbits-port": {},
    "nostr-port": {},
    "latency-ms": {},
    "failure-rate": {},
  });
  if (args.help) {
    out(SIMNET_HELP);
    return 0;
  }
  if (args.positionals.length > 0) throw usageError(`unexpected argument "${args.positionals[0]}"`);
  const rate = lastFlag(args, "failure-rate");
  if (rate !== undefined && !(Number(rate) >= 0 && Number(rate) <= 1)) {
    throw usageError(`--failure-rate must be between 0 and 1, got "${rate}"`);
  }
  const dataDir = lastFlag(args, "data-dir");
  const host = lastFlag(args, "host");
  const grpcPort = intFlag(args, "grpc-port");
  const adminPort = intFlag(args, "admin-port");
  // With --grpc-port the simnet would pick the other two ports itself: the variables still count here.
  const lnbitsPort = intFlag(args, "lnbits-port") ?? portFromEnv("SIMNET_LNBITS_PORT");
  const nostrPort = intFlag(args, "nostr-port") ?? portFromEnv("SIMNET_NOSTR_PORT");
  const latencyMs = intFlag(args, "latency-ms");
  const sim = await startSimnet({
    ...(dataDir !== undefined ? { dataDir } : {}),
    ...(host !== undefined ? { host } : {}),
    ...(grpcPort !== undefined ? { grpcPort } : {}),
    ...(adminPort !== undefined ? { adminPort } : {}),
    ...(lnbitsPort !== undefined ? { lnbitsPort } : {}),
    ...(nostrPort !== undefined ? { nostrPort } : {}),
    ...(latencyMs !== undefined ? { latencyMs } : {}),
    ...(rate !== undefined ? { failureRate: Number(rate) } : {}),
  });
  out(`simnet: LND gRPC (TLS) on ${sim.grpcSocket}`);
  out(
    `simnet: admin API on ${sim.adminUrl} (POST /nodes {"name"}, GET /builder; Authorization: Bearer <token>)`,
  );
  out(
    `simnet: LNbits API on ${sim.lnbitsUrl} (\`tollbooth simnet lnbits --node NAME\` prints a wallet's key)`,
  );
  out(
    `simnet: Nostr relay for NWC on ${sim.nostr.relayUrl} (\`tollbooth simnet nwc\` prints a connection string)`,
  );
  out(
    process.env.TOLLBOOTH_SIMNET_ADMIN_TOKEN
      ? "simnet: admin token from TOLLBOOTH_SIMNET_ADMIN_TOKEN"
      : `simnet: admin token in ${sim.dataDir}/admin.token`,
  );
  out(`simnet: data in ${sim.dataDir}`);
  out("simnet: ready");
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  out("simnet: stopping");
  await sim.stop();
  out("simnet: stopped");
  return 0;
}

function portFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw usageError(`${name} must be a port number, got "${raw}"`);
  return port;
}
