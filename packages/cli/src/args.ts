import { usageError } from "./cli-error";

export interface ParsedArgs {
  positionals: string[];
  /** flag → values, in order given (repeatable flags like -H keep all). */
  flags: Map<string, string[]>;
  help: boolean;
}

/**
 * A small argv parser: `--name value`, `--name=value`, short flags with a value (`-X GET`), and
 * `--help`/`-h`. Only flags listed in `spec` are accepted, so a typo is a usage error, not ignored.
 */
export function parseArgs(
  argv: string[],
  spec: Record<string, { alias?: string; boolean?: boolean }>,
): ParsedArgs {
  const byAlias = new Map<string, string>();
  for (const [name, s] of Object.entries(spec)) {
    byAlias.set(`--${name}`, name);
    if (s.alias) byAlias.set(`-${s.alias}`, name);
  }
  const out: ParsedArgs = { positionals: [], flags: new Map(), help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") {
      out.help = true;
      continue;
    }
    if (arg === "--") {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("-") && arg !== "-") {
      const eq = arg.indexOf("=");
      const key = eq > 0 && arg.startsWith("--") ? arg.slice(0, eq) : arg;
      const name = byAlias.get(key);
      if (!name) throw usageError(`unknown option ${key}`);
      let value: string;
      if (spec[name]?.boolean) value = "true";
      else if (eq > 0 && arg.startsWith("--")) value = arg.slice(eq + 1);
      else {
        const next = argv[i + 1];
        if (next === undefined) throw usageError(`${key} needs a value`);
        value = next;
        i++;
      }
      out.flags.set(name, [...(out.flags.get(name) ?? []), value]);
      continue;
    }
    out.positionals.push(arg);
  }
  return out;
}

export function lastFlag(args: ParsedArgs, name: string): string | undefined {
  return args.flags.get(name)?.at(-1);
}

export function intFlag(
  args: ParsedArgs,
  name: string,
  { min = 0 }: { min?: number } = {},
): number | undefined {
  const raw = lastFlag(args, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || !Number.isSafeInteger(Number(raw))) {
    throw usageError(`--${name} must be a whole number${min > 0 ? ` ≥ ${min}` : ""}, got "${raw}"`);
  }
  return Number(raw);
}
