/**
 * The run store: `output_dir/runs/<model>-<loss>-<hash>/`. `runExperiment(config)` returns a
 * finished run from disk without training, resumes an interrupted one, and trains otherwise.
 * A run is complete only when `done.json`, written last, says so.
 */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { displayPath, outputDir as defaultOutputDir } from "../util/paths.js";
import { removeStaleTempFiles, writeJsonAtomic } from "../util/atomic.js";
import { loadTrainingSet, type LabelledImages } from "../data/dataset.js";
import { trainRun, type TrainOptions } from "../train/loop.js";
import {
  doneProblem,
  evaluationProblem,
  readMetrics,
  readMetricsFile,
  readRunJson,
  RUN_FILES,
  RunFileError,
  type DoneInfo,
  type MetricsLine,
} from "../train/run-files.js";
import { retrainCommand } from "./reproduce.js";
import { acquireRunLock, inspectRunLock, RunBusyError, type LockState } from "../train/run-lock.js";
import { CONTINUED_FILE, continueFrom, type ContinuedFrom } from "./continue-run.js";
import {
  canonicalJson,
  makeConfig,
  runName,
  validateConfig,
  type ConfigInput,
  type ExperimentConfig,
} from "./config.js";

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
  /** Damage that does not affect the run's figures (e.g. a dev run's unreadable eval.json). */
  problems: string[];
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

/** How to repair a damaged file of a run: restore the committed copy, or retrain. */
function repairAdvice(dir: string, file: string, cfg: ExperimentConfig | null): string {
  const retrain = cfg
    ? `retrain: move ${displayPath(dir)} away, then ${retrainCommand(cfg)}`
    : `move ${displayPath(dir)} away and retrain it`;
  return `restore it (git checkout -- ${displayPath(join(dir, file))}, if it is committed) or ${retrain}`;
}

/** What is wrong with a stored config.json for the directory named `name`, or null. */
function configProblem(name: string) {
  return (v: unknown): string | null => {
    try {
      const cfg = validateConfig(v as ExperimentConfig);
      return runName(cfg) === name
        ? null
        : `holds the config of ${runName(cfg)}, not of ${name} (it was edited or copied from another run)`;
    } catch (err) {
      return (err as Error).message;
    }
  };
}

/** Refuses a directory whose config.json is not this config (a foreign or edited run). */
function checkStoredConfig(dir: string, cfg: ExperimentConfig): void {
  const path = join(dir, RUN_FILES.config);
  if (!existsSync(path)) return;
  const stored = readRunJson<ExperimentConfig>(
    path,
    configProblem(basename(dir)),
    repairAdvice(dir, RUN_FILES.config, cfg),
  )!;
  if (canonicalJson(stored) !== canonicalJson(cfg)) {
    throw new RunFileError(
      path,
      "holds a different config than the one that names this directory (it was edited or copied from another run)",
      repairAdvice(dir, RUN_FILES.config, cfg),
    );
  }
}

function continuedProblem(v: unknown): string | null {
  const c = v as ContinuedFrom;
  return c && typeof c.run === "string" && Number.isInteger(c.step) && c.step > 0
    ? null
    : `expected {"run": <name>, "step": <positive integer>}`;
}

/**
 * A run directory, every file checked against its form (train/run-files.ts): a damaged
 * config.json, done.json or metrics.jsonl of a finished run is refused with RunFileError naming
 * the file and its repair. A damaged eval.json only matters for a final run; on a dev run it
 * is noted in `problems` and ignored.
 */
export function loadRun(dir: string): Run {
  const name = basename(dir);
  const configPath = join(dir, RUN_FILES.config);
  if (!existsSync(configPath))
    throw new RunFileError(
      dir,
      `not a run directory (no ${RUN_FILES.config})`,
      "give a run directory or a run's name under output_dir/runs",
    );
  const config = readRunJson<ExperimentConfig>(
    configPath,
    configProblem(name),
    repairAdvice(dir, RUN_FILES.config, null),
  )!;
  const done = readRunJson<DoneInfo>(join(dir, RUN_FILES.done), doneProblem, repairAdvice(dir, RUN_FILES.done, config));
  const metrics = readMetricsFile(dir);
  if (done && metrics.dropped.length > 0) {
    const [first] = metrics.dropped;
    throw new RunFileError(
      join(dir, RUN_FILES.metrics),
      `line ${first.line}: ${first.problem}${metrics.dropped.length > 1 ? ` (and ${metrics.dropped.length - 1} more lines)` : ""}`,
      repairAdvice(dir, RUN_FILES.metrics, config),
    );
  }
  const problems: string[] = [];
  let evaluation: unknown = null;
  try {
    evaluation = readRunJson(
      join(dir, RUN_FILES.eval),
      evaluationProblem,
      `remove it and run npm run evaluate -- ${name}`,
    );
  } catch (err) {
    if (config.split === "final" || !(err instanceof RunFileError)) throw err;
    problems.push(`${err.message} (ignored: a dev run's figures come from its dev set)`);
  }
  const continuedFrom = readRunJson<ContinuedFrom>(
    join(dir, CONTINUED_FILE),
    continuedProblem,
    repairAdvice(dir, CONTINUED_FILE, config),
  );
  return { name, dir, config, metrics: metrics.lines, done, evaluation, continuedFrom, problems };
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
  state: "done" | "started" | "missing" | "damaged";
  /** The last step its metrics record. */
  step: number;
  /** The live lock of a process training it now, or null. */
  training: LockState | null;
  /** For a damaged run: what is wrong and how to repair it. */
  damage?: string;
  /** For a done run: the run, as its files hold it. */
  run?: Run;
}

/** How far a config's run has got: done, started (with the last step its metrics record), or not started; and who trains it now. */
export function runState(input: ConfigInput | ExperimentConfig, outputDir?: string): RunState {
  const cfg = normalize(input);
  const dir = runDirFor(cfg, outputDir);
  const lock = inspectRunLock(dir);
  const training = lock && !lock.stale ? lock : null;
  try {
    checkStoredConfig(dir, cfg);
    const step = readMetrics(dir).at(-1)?.step ?? 0;
    if (existsSync(join(dir, RUN_FILES.done))) {
      const run = loadRun(dir); // a finished run is done only when its files hold
      return { state: "done", step, training: null, run };
    }
    return { state: existsSync(join(dir, RUN_FILES.last)) ? "started" : "missing", step, training };
  } catch (err) {
    if (!(err instanceof RunFileError)) throw err;
    return { state: "damaged", step: 0, training, damage: err.message };
  }
}

function normalize(input: ConfigInput | ExperimentConfig): ExperimentConfig {
  return "profile" in input && "schedule" in input && "steps" in input
    ? validateConfig(input as ExperimentConfig)
    : makeConfig(input);
}

/** Returns the finished run for `input`: from disk if done, else resuming or training it. */
export async function runExperiment(input: ConfigInput | ExperimentConfig, opts: RunOptions = {}): Promise<Run> {
  const cfg = normalize(input);
  const dir = runDirFor(cfg, opts.outputDir);
  checkStoredConfig(dir, cfg);
  if (existsSync(join(dir, RUN_FILES.done))) return loadRun(dir);
  // the data first: bad data leaves no run directory behind
  const data = opts.data ?? loadTrainingSet();
  if (opts.continueFrom) {
    // checked before anything is written, so a refused source leaves no directory behind
    const source = opts.continueFrom.includes("/")
      ? resolve(opts.continueFrom)
      : join(runsDir(opts.outputDir), opts.continueFrom);
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
    const leftovers = removeStaleTempFiles(dir);
    if (leftovers.length) opts.log?.(`removed ${leftovers.length} temp file(s) a stopped writer left in ${dir}`);
    writeJsonAtomic(join(dir, RUN_FILES.config), cfg);
    await trainRun(cfg, dir, data, { ...opts, heartbeat: lock.heartbeat });
  } finally {
    lock.release();
  }
  // An interrupted run comes back with done = null; calling again resumes it.
  return loadRun(dir);
}
