/** Command-line parsing shared by the CLIs: bad arguments print one clear line and exit 2. */
import { parseArgs, type ParseArgsConfig } from "node:util";

export interface ParsedCli {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parseCli(
  usage: string,
  options: NonNullable<ParseArgsConfig["options"]>,
  argv = process.argv.slice(2),
  allowPositionals = false,
): ParsedCli {
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals,
      strict: true,
    });
    if ((parsed.values as Record<string, unknown>).help) {
      console.log(usage);
      process.exit(0);
    }
    return parsed as ParsedCli;
  } catch (err) {
    return usageExit(usage, (err as Error).message);
  }
}

export function usageExit(usage: string, message: string): never {
  console.error(`error: ${message}\n\n${usage}`);
  process.exit(2);
}

/** Parses a number option, exiting 2 with the option named when it is not a number in range. */
export function numberOption(
  usage: string,
  name: string,
  value: string | undefined,
  min: number,
  max: number,
  fallback?: number,
): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max)
    usageExit(usage, `--${name} must be a number in [${min}, ${max}], got '${value}'`);
  return n;
}

/** A string option's value (undefined when absent). */
export function str(parsed: ParsedCli, name: string): string | undefined {
  const v = parsed.values[name];
  return typeof v === "string" ? v : undefined;
}

/** A boolean flag. */
export function flag(parsed: ParsedCli, name: string): boolean {
  return parsed.values[name] === true;
}
