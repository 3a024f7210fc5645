/**
 * Continuing a finished run to a longer budget. The schedule counts absolute steps and every
 * batch, augmentation draw and dropout mask is seeded by (seed, step), so a run of N steps
 * carried on from the last checkpoint of the same config at M < N steps follows the path a run
 * of N steps from scratch takes, to the last digit. The new run directory starts from a copy of
 * the shorter run's last checkpoint and metrics, and `continued.json` says where it came from.
 */
import { copyFileSync, existsSync, readFileSync, readdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { writeJsonAtomic } from "../util/atomic.js";
import { ExpectedError } from "../util/errors.js";
import { RUN_FILES } from "../train/run-files.js";
import { canonicalJson, type ExperimentConfig } from "./config.js";

export const CONTINUED_FILE = "continued.json";

/** A source run that cannot be continued; the message names it and what was expected. */
export class ContinueRunError extends ExpectedError {
  constructor(sourceDir: string, detail: string) {
    super(`cannot continue from ${sourceDir}: ${detail}`);
  }
}

export interface ContinuedFrom {
  /** The shorter run's directory name. */
  run: string;
  /** The step its last checkpoint holds, where this run went on from. */
  step: number;
}

/** "continued from <run> at step N", for budgets shown beside a run's figures. */
export function describeContinuation(c: ContinuedFrom): string {
  return `continued from ${c.run} at step ${c.step.toLocaleString("en-US")}`;
}

function copyAtomic(from: string, to: string): void {
  const tmp = `${to}.tmp-${process.pid}`;
  copyFileSync(from, tmp);
  renameSync(tmp, to);
}

/**
 * Seeds run directory `dir` (of config `cfg`) from the finished run in `sourceDir` and returns
 * where it came from. Throws, naming what is wrong, unless the source is complete, has its last
 * checkpoint, is shorter, and differs from `cfg` in `steps` only. A directory that already
 * holds a checkpoint is left alone (the run resumes from it) and null is returned.
 */
export function continueFrom(sourceDir: string, cfg: ExperimentConfig, dir: string): ContinuedFrom | null {
  if (existsSync(join(dir, RUN_FILES.last)) || existsSync(join(dir, RUN_FILES.done))) return null;
  const configPath = join(sourceDir, RUN_FILES.config);
  if (!existsSync(configPath)) throw new ContinueRunError(sourceDir, `not a run directory (no ${RUN_FILES.config})`);
  let source: ExperimentConfig;
  try {
    source = JSON.parse(readFileSync(configPath, "utf8")) as ExperimentConfig;
  } catch {
    throw new ContinueRunError(sourceDir, `its ${RUN_FILES.config} is not valid JSON`);
  }
  const donePath = join(sourceDir, RUN_FILES.done);
  if (!existsSync(donePath))
    throw new ContinueRunError(
      sourceDir,
      `it has not finished (no ${RUN_FILES.done}); run its own command to finish it first`,
    );
  if (canonicalJson({ ...source, steps: cfg.steps }) !== canonicalJson(cfg)) {
    throw new ContinueRunError(sourceDir, `its config differs from this run's in more than the number of steps`);
  }
  if (source.steps >= cfg.steps)
    throw new ContinueRunError(
      sourceDir,
      `it already has ${source.steps} steps, expected fewer than this run's ${cfg.steps}`,
    );
  const lastPath = join(sourceDir, RUN_FILES.last);
  if (!existsSync(lastPath)) {
    throw new ContinueRunError(
      sourceDir,
      `its last checkpoint (${RUN_FILES.last}) is missing (checkpoints are not committed); train this run from step 0 instead`,
    );
  }
  const origin: ContinuedFrom = { run: sourceDir.split("/").pop()!, step: source.steps };
  // The record first and the checkpoint last: a directory holds a checkpoint only when the
  // copy is whole, and a copy cut short is simply redone.
  writeJsonAtomic(join(dir, CONTINUED_FILE), origin);
  copyAtomic(join(sourceDir, RUN_FILES.metrics), join(dir, RUN_FILES.metrics));
  // A dev run's best checkpoint so far, so that model selection goes on across the join.
  for (const f of readdirSync(sourceDir)) if (/^best-\d+\.ckpt$/.test(f)) copyAtomic(join(sourceDir, f), join(dir, f));
  copyAtomic(lastPath, join(dir, RUN_FILES.last));
  return origin;
}
