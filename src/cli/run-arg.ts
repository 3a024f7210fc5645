/** The one RUN argument of `evaluate` and `export`: a run directory or its name in the store. */
import { resolveRun } from "../experiments/run-model.js";
import type { Run } from "../experiments/store.js";
import { str, usageExit, type ParsedCli } from "./args.js";

export function runFromArgs(usage: string, args: ParsedCli): Run {
  if (args.positionals.length !== 1) usageExit(usage, "give exactly one run");
  try {
    return resolveRun(args.positionals[0], str(args, "output-dir"));
  } catch (err) {
    return usageExit(usage, (err as Error).message);
  }
}
