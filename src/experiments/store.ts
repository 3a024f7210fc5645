/**
 * The run store: `output_dir/runs/<model>-<loss>-<hash>/`. `runExperiment(config)` returns a
 * finished run from disk without training, resumes an interrupted one, and trains otherwise.
 * A run is complete only when `done.json`, written last, says so.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { outputDir as defaultOutputDir } from "../paths.js";
import { writeJsonAtomic } from "../atomic.js";
import { loadTrainingSet, type LabelledImages } from "../data/dataset.js";
import { readMetrics, RUN_FILES, trainRun, type DoneInfo, type MetricsLine, type TrainOptions } from "../train/loop.js";
import { acquireRunLock, inspectRunLock, RunBusyError, type LockState } from "../train/run-lock.js";
import { CONTINUED_FILE, continueFrom, type ContinuedFrom } from "./continue-run.js";
import { canonicalJson, makeConfig, runName, validateConfig, type ConfigInput, type ExperimentConfig } from "./config.js";

export interface Run {
  name: string;
  dir: string;
  config: ExperimentConfig;
  metrics: MetricsLine[];
  done: DoneInfo | null;
  /** Test-set evaluation, when `npm run evaluate` has been run on it. */
  evaluation: unknown | null;
  /** The shorter run this one was continued from, or null when it was trained from step 0. */
  continuedFrom: ContinuedFrom | null;
}

export interface RunOptions extends TrainOptions {
  /** Root of the store (default $FMNIST_OUTPUT_DIR, else output_dir/ in the project). */
  outputDir?: string;
  /** Training images (default: the verified Fashion-MNIST training set). */
  data?: LabelledImages;
  /** A finished shorter run of the same config (name in the store, or a directory) to go on from. */
  continueFrom?: string;
}

export function runsDir(outputDir?: string): string {
  return resolve(outputDir ?? defaultOutputDir(), "runs");
}

export function runDirFor(cfg: ExperimentConfig, outputDir?: string): string {
  return join(runsDir(outputDir), runName(cfg));
}

function readJson<T>(path: string): T | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as T) : null;
}

/** Refuses a directory whose config.json is not this config (a foreign or edited run). */
function checkStoredConfig(dir: string, cfg: ExperimentConfig): void {
  const path = join(dir, RUN_FILES.config);
  if (!existsSync(path)) return;
  let stored: unknown;
  try {
    stored = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw new Error(`${path} is not valid JSON; move the directory away to retrain this config`);
  }
  if (canonicalJson(stored) !== canonicalJson(cfg)) {
    throw new Error(`${path} holds a different config than the one that names this directory; it was edited or copied from another run. Move the directory away to retrain this config`);
  }
}

export function loadRun(dir: string): Run {
  const config = readJson<ExperimentConfig>(join(dir, RUN_FILES.config));
  if (!config) throw new Error(`${dir} is not a run directory (no ${RUN_FILES.config})`);
  return {
    name: dir.split("/").pop()!,
    dir,
    config,
    metrics: readMetrics(dir),
    done: readJson<DoneInfo>(join(dir, RUN_FILES.done)),
    evaluation: readJson(join(dir, RUN_FILES.eval)),
    continuedFrom: readJson<ContinuedFrom>(join(dir, CONTINUED_FILE)),
  };
}

/** Every run directory in the store. */
export function listRuns(outputDir?: string): Run[] {
  const root = runsDir(outputDir);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((d) => existsSync(join(root, d, RUN_FILES.config)))
    .sort()
    .map((d) => loadRun(join(root, d)));
}

/** The finished run of a config, if there is one, without training. */
export function findRun(input: ConfigInput | ExperimentConfig, outputDir?: string): Run | null {
  const cfg = normalize(input);
  const dir = runDirFor(cfg, outputDir);
  if (!existsSync(join(dir, RUN_FILES.done))) return null;
  checkStoredConfig(dir, cfg);
  return loadRun(dir);
}

export interface RunState {
  state: "done" | "started" | "missing";
  /** The last step its metrics record. */
  step: number;
  /** The live lock of a process training it now, or null. */
  training: LockState | null;
}

/** How far a config's run has got: done, started (with the last step its metrics record), or not started; and who trains it now. */
export function runState(input: ConfigInput | ExperimentConfig, outputDir?: string): RunState {
  const cfg = normalize(input);
  const dir = runDirFor(cfg, outputDir);
  checkStoredConfig(dir, cfg);
  const step = readMetrics(dir).at(-1)?.step ?? 0;
  const lock = inspectRunLock(dir);
  const training = lock && !lock.stale ? lock : null;
  if (existsSync(join(dir, RUN_FILES.done))) return { state: "done", step, training: null };
  return { state: existsSync(join(dir, RUN_FILES.last)) ? "started" : "missing", step, training };
}

function normalize(input: ConfigInput | ExperimentConfig): ExperimentConfig {
  return "profile" in input && "schedule" in input && "steps" in input ? validateConfig(input as ExperimentConfig) : makeConfig(input);
}

/** Returns the finished run for `input`: from disk if done, else resuming or training it. */
export async function runExperiment(input: ConfigInput | ExperimentConfig, opts: RunOptions = {}): Promise<Run> {
  const cfg = normalize(input);
  const dir = runDirFor(cfg, opts.outputDir);
  checkStoredConfig(dir, cfg);
  if (existsSync(join(dir, RUN_FILES.done))) return loadRun(dir);
  if (opts.continueFrom) {
    // checked before anything is written, so a refused source leaves no directory behind
    const source = opts.continueFrom.includes("/") ? resolve(opts.continueFrom) : join(runsDir(opts.outputDir), opts.continueFrom);
    const busy = inspectRunLock(dir);
    if (busy && !busy.stale) throw new RunBusyError(dir, busy.owner, busy.heartbeatAgeMs);
    const origin = continueFrom(source, cfg, dir);
    if (origin) opts.log?.(`continuing from ${origin.run} at step ${origin.step}`);
  }
  mkdirSync(dir, { recursive: true });
  const lock = acquireRunLock(dir); // one writer per run: RunBusyError names the other
  try {
    // another process may have finished it while this one waited
    if (existsSync(join(dir, RUN_FILES.done))) return loadRun(dir);
    writeJsonAtomic(join(dir, RUN_FILES.config), cfg);
    const data = opts.data ?? loadTrainingSet();
    await trainRun(cfg, dir, data, { ...opts, heartbeat: lock.heartbeat });
  } finally {
    lock.release();
  }
  // An interrupted run comes back with done = null; calling again resumes it.
  return loadRun(dir);
}
