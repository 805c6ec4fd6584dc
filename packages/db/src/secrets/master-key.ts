import { randomBytes } from "node:crypto";
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "../repo-root";
import { SecretBoxError } from "./errors";

export const MASTER_KEY_BYTES = 32;
const MAX_KEY_VERSION = 0xffff;

export type MasterKey = { version: number; key: Buffer };

/** The key that encrypts (current) and every key that may still decrypt (current + previous). */
export type KeyRing = { current: MasterKey; byVersion: ReadonlyMap<number, Buffer> };

/**
 * Parses "<key>" or "<version>:<key>", the key being 32 bytes as base64 (std or url) or 64 hex
 * digits. The version (1–65535, default 1) is stored in every ciphertext so keys can rotate.
 */
export function parseMasterKey(text: string, defaultVersion = 1): MasterKey {
  const trimmed = text.trim();
  const match = /^(\d{1,5}):(.*)$/.exec(trimmed);
  const version = match ? Number(match[1]) : defaultVersion;
  const encoded = match ? match[2]!.trim() : trimmed;
  if (!Number.isInteger(version) || version < 1 || version > MAX_KEY_VERSION) {
    throw new SecretBoxError("master_key_invalid", `Master key version must be 1–${MAX_KEY_VERSION}.`);
  }
  const key = decodeKey(encoded);
  if (!key) {
    throw new SecretBoxError(
      "master_key_invalid",
      "A master key must be 32 random bytes, written as base64 or as 64 hex digits (openssl rand -base64 32).",
    );
  }
  return { version, key };
}

function decodeKey(encoded: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(encoded)) return Buffer.from(encoded, "hex");
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) {
    const key = Buffer.from(encoded, "base64");
    if (key.length === MASTER_KEY_BYTES) return key;
  }
  return undefined;
}

export type KeyRingSource = {
  /** Environment to read TOLLBOOTH_MASTER_KEY and TOLLBOOTH_MASTER_KEY_PREVIOUS from. */
  env?: NodeJS.ProcessEnv;
  /** Where a development key is generated when TOLLBOOTH_MASTER_KEY is unset. */
  generatedKeyFile?: string;
  /** Told once when a development key is generated or reused (never the key itself). */
  warn?: (message: string) => void;
};

/**
 * TOLLBOOTH_MASTER_KEY: the current key. TOLLBOOTH_MASTER_KEY_PREVIOUS: comma-separated
 * "<version>:<key>" entries that still decrypt older rows during a rotation.
 * Without TOLLBOOTH_MASTER_KEY a key is generated into .data/master.key (0600) with a warning:
 * fine for a laptop, wrong for production, where losing that file loses every secret.
 */
export function loadKeyRing(source: KeyRingSource = {}): KeyRing {
  const env = source.env ?? process.env;
  const configured = env.TOLLBOOTH_MASTER_KEY?.trim();
  const current = configured
    ? parseMasterKey(configured)
    : loadOrCreateKeyFile(source.generatedKeyFile ?? defaultKeyFile(env), source.warn ?? console.warn);
  const byVersion = new Map<number, Buffer>([[current.version, current.key]]);
  for (const entry of (env.TOLLBOOTH_MASTER_KEY_PREVIOUS ?? "").split(",")) {
    if (!entry.trim()) continue;
    if (!/^\s*\d{1,5}:/.test(entry)) {
      throw new SecretBoxError(
        "master_key_invalid",
        'TOLLBOOTH_MASTER_KEY_PREVIOUS entries are "<version>:<key>".',
      );
    }
    const previous = parseMasterKey(entry);
    const clash = byVersion.get(previous.version);
    if (clash && !clash.equals(previous.key)) {
      throw new SecretBoxError(
        "master_key_invalid",
        `Two different master keys claim version ${previous.version}.`,
      );
    }
    byVersion.set(previous.version, previous.key);
  }
  return { current, byVersion };
}

function defaultKeyFile(env: NodeJS.ProcessEnv): string {
  return path.join(dataDir(env), "master.key");
}

function loadOrCreateKeyFile(file: string, warn: (message: string) => void): MasterKey {
  const existing = readKeyFile(file);
  if (existing) {
    warn(`TOLLBOOTH_MASTER_KEY is not set: using the development key in ${file}. Set it in production.`);
    return existing;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Write aside, then hard-link into place: link() fails if the file exists, so when several
  // processes start at once exactly one key wins and everyone reads that one.
  const scratch = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(scratch, `${randomBytes(MASTER_KEY_BYTES).toString("base64")}\n`, { mode: 0o600 });
  chmodSync(scratch, 0o600);
  try {
    linkSync(scratch, file);
    warn(
      `TOLLBOOTH_MASTER_KEY is not set: generated a development key in ${file}. ` +
        "Back it up or set TOLLBOOTH_MASTER_KEY; secrets encrypted with it are unreadable without it.",
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    unlinkSync(scratch);
  }
  const key = readKeyFile(file);
  if (!key) throw new SecretBoxError("master_key_invalid", `${file} does not hold a valid master key.`);
  return key;
}

function readKeyFile(file: string): MasterKey | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return parseMasterKey(text);
}
