/**
 * The run store as TensorBoard sees it: each run's training and dev scalars (per class too, and
 * the learning rate) as TensorBoard event files, and the original's logged curves
 * (output_dir/original/curves.json) as runs of their own, for the original's users, who open
 * TensorBoard first. The event files are derived: built from each run's metrics.jsonl (the
 * source of truth, with its resume guarantees: no duplicate or missing step after a kill) into
 * `<store>/tensorboard/<run>/`, rebuilt whenever that file has grown, written to a temporary
 * folder and renamed into place, so TensorBoard never reads half a run.
 */
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { CLASS_NAMES, type ModelName } from "../config.js";
import { RUN_FILES, type MetricsLine } from "../train/run-files.js";
import { writeJsonAtomic } from "../util/atomic.js";
import { ExpectedError } from "../util/errors.js";
import { outputDir as defaultOutputDir } from "../util/paths.js";
import { quietNativeLogs } from "../runtime/backend.js";
import { runsDir, loadRun } from "./store.js";

/** The folder of the event files, inside the run store. */
export const TENSORBOARD_FOLDER = "tensorboard";
/** The prefix of the original's runs in TensorBoard's run list. */
export const ORIGINAL_PREFIX = "original-";
/** What a run's event folder was built from: when metrics.jsonl no longer matches, it is rebuilt. */
const SOURCE_FILE = "source.json";

export interface ScalarPoint {
  tag: string;
  step: number;
  value: number;
}

export function tensorboardDir(outputDir?: string): string {
  return join(outputDir ?? defaultOutputDir(), TENSORBOARD_FOLDER);
}

/** A run's scalars, tag by tag, from its metrics lines. */
export function runScalars(lines: MetricsLine[]): ScalarPoint[] {
  return lines.flatMap((l): ScalarPoint[] =>
    l.kind === "train"
      ? [
          { tag: "train/loss", step: l.step, value: l.loss },
          ...(l.accuracy === null ? [] : [{ tag: "train/accuracy", step: l.step, value: l.accuracy }]),
          { tag: "learning_rate", step: l.step, value: l.learningRate },
        ]
      : [
          { tag: "dev/accuracy", step: l.step, value: l.accuracy },
          ...l.perClass.map((value, c) => ({
            tag: `dev_per_class/${c}_${CLASS_NAMES[c].replace(/\//g, "-")}`,
            step: l.step,
            value,
          })),
        ],
  );
}

/** The original's logged curves as scalars, one run per model. */
export function originalScalars(curvesPath: string): Map<string, ScalarPoint[]> {
  const curves = JSON.parse(readFileSync(curvesPath, "utf8")) as {
    runs: Partial<
      Record<
        ModelName,
        {
          dev: { step: number; accuracy: number; perClass?: number[] }[];
          train: { step: number; accuracy: number; loss: number; learningRate: number }[];
        }
      >
    >;
  };
  const out = new Map<string, ScalarPoint[]>();
  for (const [model, run] of Object.entries(curves.runs)) {
    if (!run) continue;
    const lines: MetricsLine[] = [
      ...run.train.map((t) => ({
        kind: "train" as const,
        step: t.step,
        loss: t.loss,
        accuracy: t.accuracy,
        learningRate: t.learningRate,
        imagesPerSecond: 0,
      })),
      ...run.dev.map((d) => ({ kind: "dev" as const, step: d.step, accuracy: d.accuracy, perClass: d.perClass ?? [] })),
    ];
    out.set(`${ORIGINAL_PREFIX}${model}`, runScalars(lines));
  }
  return out;
}

interface Writer {
  scalar(name: string, value: number, step: number): void;
  flush(): void;
}

/** TensorFlow's own summary writer (tfjs-node's binding), for a folder. */
async function summaryWriter(dir: string): Promise<Writer> {
  try {
    quietNativeLogs();
    const node = await import("@tensorflow/tfjs-node");
    return node.node.summaryFileWriter(dir, 10_000, 60_000) as Writer;
  } catch (err) {
    throw new ExpectedError(
      `TensorBoard event files are written by the native TensorFlow backend, which did not load (${(err as Error).message.split("\n")[0]}); run npm run setup`,
    );
  }
}

/** Writes `points` as the event files of `name`, replacing its folder in one rename. */
async function writeEventRun(root: string, name: string, points: ScalarPoint[], source: unknown): Promise<void> {
  const final = join(root, name);
  const tmp = join(root, `.${name}.tmp-${process.pid}-${Date.now()}`);
  const writer = await summaryWriter(tmp);
  for (const p of [...points].sort((a, b) => a.step - b.step)) writer.scalar(p.tag, p.value, p.step);
  writer.flush();
  writeJsonAtomic(join(tmp, SOURCE_FILE), source);
  rmSync(final, { recursive: true, force: true });
  renameSync(tmp, final);
}

function sameSource(dir: string, source: unknown): boolean {
  try {
    return readFileSync(join(dir, SOURCE_FILE), "utf8") === JSON.stringify(source, null, 2) + "\n";
  } catch {
    return false;
  }
}

export interface SyncResult {
  /** Runs (ours and the original's) whose event files were written now. */
  written: string[];
  /** Runs whose event files were already up to date. */
  unchanged: number;
  /** Runs left out, each with its reason (a damaged run). */
  skipped: string[];
}

/**
 * Brings `<store>/tensorboard/` up to date with the store: each run whose metrics.jsonl changed
 * (or every run, with `rebuild`) and the original's curves get their event files anew.
 */
export async function syncTensorboard(
  opts: { outputDir?: string; curvesPath?: string; rebuild?: boolean } = {},
): Promise<SyncResult> {
  const root = tensorboardDir(opts.outputDir);
  if (opts.rebuild) rmSync(root, { recursive: true, force: true });
  const result: SyncResult = { written: [], unchanged: 0, skipped: [] };
  const runs = existsSync(runsDir(opts.outputDir)) ? readdirSync(runsDir(opts.outputDir)).sort() : [];
  for (const name of runs) {
    const dir = join(runsDir(opts.outputDir), name);
    const metrics = join(dir, RUN_FILES.metrics);
    if (!existsSync(metrics)) continue;
    const { size, mtimeMs } = statSync(metrics);
    const source = { metrics: { size, mtimeMs } };
    if (sameSource(join(root, name), source)) {
      result.unchanged++;
      continue;
    }
    let lines: MetricsLine[];
    try {
      lines = loadRun(dir).metrics;
    } catch (err) {
      result.skipped.push(`${name}: ${(err as Error).message}`);
      continue;
    }
    await writeEventRun(root, name, runScalars(lines), source);
    result.written.push(name);
  }
  if (opts.curvesPath && existsSync(opts.curvesPath)) {
    const { size, mtimeMs } = statSync(opts.curvesPath);
    for (const [name, points] of originalScalars(opts.curvesPath)) {
      const source = { curves: { size, mtimeMs } };
      if (sameSource(join(root, name), source)) {
        result.unchanged++;
        continue;
      }
      await writeEventRun(root, name, points, source);
      result.written.push(name);
    }
  }
  return result;
}
