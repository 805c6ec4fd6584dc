/**
 * JSON logs (pino). Credentials never reach a log line: the redaction paths cover every place a
 * credential, preimage, macaroon, invoice secret or provider secret could be attached.
 */
import { type Logger, pino } from "pino";

export const REDACT_PATHS = [
  "authorization",
  "preimage",
  "macaroon",
  "secret",
  "secretValue",
  "*.authorization",
  "*.preimage",
  "*.macaroon",
  "*.macaroons",
  "*.secret",
  "*.secretValue",
  "*.rootKey",
  "headers.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
  "*.headers.authorization",
  "*.headers['x-api-key']",
];

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? "info",
      base: { service: "gateway" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    },
    options.destination as never,
  );
}

export type { Logger };
