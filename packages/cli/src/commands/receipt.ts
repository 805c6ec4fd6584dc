import { createPublicKey } from "node:crypto";
import { readFile } from "node:fs/promises";
import { boundedJson } from "@tollbooth/agent-tools";
import {
  importPublicKey,
  type PublicReceiptKey,
  publicKeyOf,
  publicKeysOfDocument,
  RECEIPT_KEYS_PATH,
  verifyReceipt,
} from "@tollbooth/receipts";
import { lastFlag, parseArgs } from "../args";
import { CliError, EXIT, usageError } from "../cli-error";
import { hubUrl } from "../hub";

export const RECEIPT_HELP = `Usage: tollbooth receipt verify <receipt | -> [--hub URL | --key FILE]

Checks a signed receipt (the Tollbooth-Receipt header of a first paid answer, or the JSON that
\`tollbooth fetch --json\` prints, read from stdin with "-") against the hub's published keys
(<hub>${RECEIPT_KEYS_PATH}; --hub, TOLLBOOTH_HUB_URL, default http://localhost:3000) or, offline,
the keys in FILE (that keys document, a raw base64url Ed25519 public key, or a PEM public key).
Prints {"valid": true, "receipt": {...}} for a good receipt.

Options:
  --hub URL    the hub whose keys to fetch
  --key FILE   verify offline with these keys (nothing is fetched)
  -h, --help   this help

Exit codes: 0 valid, 2 usage error, 5 the keys could not be fetched, 7 not a valid receipt (one
line on stderr says why).
`;

const MAX_INPUT = 64 * 1024;
const TIMEOUT_MS = 15_000;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_INPUT) throw new CliError(EXIT.badReceipt, "receipt invalid: input too long");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A bare receipt, or the `receipt_header` of `tollbooth fetch --json` / `call_api` output. */
function receiptOf(input: string): string {
  const text = input.trim();
  if (!text.startsWith("{")) return text;
  try {
    const header = (JSON.parse(text) as { receipt_header?: unknown }).receipt_header;
    if (typeof header === "string") return header;
  } catch {
    // not JSON: verified (and refused) as given
  }
  throw new CliError(EXIT.badReceipt, "receipt invalid: the JSON carries no receipt_header");
}

async function keysFromFile(file: string): Promise<PublicReceiptKey[]> {
  let text: string;
  try {
    text = (await readFile(file, "utf8")).trim();
  } catch (err) {
    throw usageError(`cannot read --key ${file}: ${(err as NodeJS.ErrnoException).code ?? "error"}`);
  }
  try {
    if (text.startsWith("{")) return publicKeysOfDocument(JSON.parse(text));
    if (text.startsWith("-----BEGIN")) return [publicKeyOf(createPublicKey(text))];
    return [importPublicKey(text)];
  } catch {
    throw usageError(`--key ${file} holds no Ed25519 public key (a keys document, raw base64url or PEM)`);
  }
}

async function keysFromHub(hub: URL): Promise<PublicReceiptKey[]> {
  const url = new URL(RECEIPT_KEYS_PATH, hub);
  let json: Record<string, unknown> | undefined;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "error" });
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`answered ${res.status}`);
    }
    json = await boundedJson(res, MAX_INPUT);
  } catch (err) {
    throw new CliError(
      EXIT.upstream,
      `cannot fetch the receipt keys from ${url.origin}: ${(err as Error).message}`,
    );
  }
  try {
    return publicKeysOfDocument(json);
  } catch {
    throw new CliError(EXIT.upstream, `${url.href} is not a receipt keys document`);
  }
}

export async function receiptCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const args = parseArgs(argv, { hub: {}, key: {} });
  const [sub, input, ...extra] = args.positionals;
  if (args.help || sub === undefined) {
    out(RECEIPT_HELP);
    return args.help ? EXIT.ok : EXIT.usage;
  }
  if (sub !== "verify") throw usageError(`unknown receipt command "${sub}" (see tollbooth receipt --help)`);
  if (input === undefined) throw usageError("receipt verify needs a receipt, or - to read one from stdin");
  if (extra.length > 0) throw usageError(`unexpected argument "${extra[0]}"`);
  const keyFile = lastFlag(args, "key");
  if (keyFile !== undefined && args.flags.has("hub")) throw usageError("give --key or --hub, not both");
  const receipt = receiptOf(input === "-" ? await readStdin() : input);
  const keys = keyFile !== undefined ? await keysFromFile(keyFile) : await keysFromHub(hubUrl(args));
  const verdict = verifyReceipt(receipt, keys);
  if (!verdict.ok) throw new CliError(EXIT.badReceipt, `receipt invalid: ${verdict.reason}`);
  out(JSON.stringify({ valid: true, receipt: verdict.receipt }));
  return EXIT.ok;
}
