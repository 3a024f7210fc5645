/**
 * The files of a run directory, what each must hold, and how they are read. A file that breaks
 * its form is refused with RunFileError, which names the file, what is wrong and how to repair
 * it, so one damaged run never takes a whole report section down with a raw SyntaxError.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BackendInfo } from "../runtime/backend.js";
import type { CodeVersion } from "../util/code-version.js";
import { NUM_CLASSES } from "../config.js";
import { ExpectedError } from "../util/errors.js";
import type { MachineInfo } from "../util/machine.js";

export const RUN_FILES = {
  config: "config.json",
  metrics: "metrics.jsonl",
  last: "last.ckpt",
  done: "done.json",
  eval: "eval.json",
  /** The selected dev checkpoint's predicted class of every dev image (for paired tests between runs). */
  devPredictions: "dev-predictions.json",
  /**
   * The test evaluation (eval.json) of an earlier training of the same config whose weights were
   * not kept, put here when the config is trained again: the report then says that the test set
   * was looked at before.
   */
  earlierEval: "earlier-eval.json",
} as const;

/**
 * Predicted classes of a held-out set, one digit per image in the order of the set's sorted
 * indices, with the set's fingerprint: two runs' predictions pair up image by image only when
 * their fingerprints agree.
 */
export interface PredictionsFile {
  step: number;
  /** splitFingerprint of the images' indices. */
  images: string;
  predictions: string;
}

/** The step of a run's stored dev predictions, or null when there are none (or they are unreadable). */
export function readPredictionsStep(dir: string): number | null {
  try {
    return (JSON.parse(readFileSync(join(dir, RUN_FILES.devPredictions), "utf8")) as PredictionsFile).step ?? null;
  } catch {
    return null;
  }
}

export function predictionsProblem(v: unknown): string | null {
  const p = v as PredictionsFile;
  if (!p || typeof p !== "object") return "not an object";
  if (!isStep(p.step)) return `"step" is ${JSON.stringify(p.step)}, expected a step number`;
  if (typeof p.images !== "string" || !/^[0-9a-f]{64}$/.test(p.images)) return `"images" is not a SHA-256 fingerprint`;
  if (typeof p.predictions !== "string" || !/^[0-9]+$/.test(p.predictions))
    return `"predictions" is not a string of class digits`;
  return null;
}

export function bestCheckpointName(step: number): string {
  return `best-${step}.ckpt`;
}

export interface TrainLine {
  kind: "train";
  step: number;
  /** Mean training loss (training mode, before each update) over the window's steps. */
  loss: number;
  /**
   * Training accuracy as the original logged it: in inference mode (no dropout, moving batch-norm
   * statistics) on the batch just trained, after its update, every 4th step, pooled over the
   * window. Null when the window held no such step.
   */
  accuracy: number | null;
  learningRate: number;
  imagesPerSecond: number;
  /** The system's 1-minute load average when the line was logged (absent before it was recorded, or where the OS keeps none). */
  load?: number;
  /** The cores the training process could use when the line was logged (absent before it was recorded). */
  cores?: number;
}

export interface DevLine {
  kind: "dev";
  step: number;
  accuracy: number;
  perClass: number[];
}

export type MetricsLine = TrainLine | DevLine;

export interface DoneInfo {
  complete: true;
  steps: number;
  backend: BackendInfo;
  /** The training path, "compiled" (one TensorFlow graph a step) or "eager" (absent in runs from before the compiled step: eager). */
  engine?: string;
  trainSeconds: number;
  /** Dev runs: the best and the last dev evaluation. */
  best: DevLine | null;
  last: DevLine | null;
  finishedAt: string;
  /** The git commit of the code that finished the run (absent in runs from before it was recorded). */
  code?: CodeVersion | null;
  /** The machine that finished the run, and the mean load while the run trained (absent in runs from before it was recorded). */
  machine?: MachineInfo;
}

/** A run file that is not what its name promises. */
export class RunFileError extends ExpectedError {
  constructor(
    readonly file: string,
    detail: string,
    repair: string,
  ) {
    super(`${file}: ${detail}; ${repair}`);
  }
}

const isFraction = (v: unknown) => typeof v === "number" && v >= 0 && v <= 1;
const isStep = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
const isPositiveWhole = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;
/** Steps by a number of cores, as in {"1": 31800}. */
const isStepsByCores = (v: unknown) =>
  !!v &&
  typeof v === "object" &&
  Object.entries(v).every(([cores, steps]) => isPositiveWhole(Number(cores)) && isPositiveWhole(steps));

/** What is wrong with a dev line, or null. */
function devLineProblem(v: unknown): string | null {
  const l = v as DevLine;
  if (!l || typeof l !== "object") return "not an object";
  if (!isStep(l.step)) return `step ${JSON.stringify(l.step)} is not a step number`;
  if (!isFraction(l.accuracy)) return `accuracy ${JSON.stringify(l.accuracy)} is not a fraction in [0, 1]`;
  if (!Array.isArray(l.perClass) || l.perClass.length !== NUM_CLASSES || !l.perClass.every(isFraction))
    return `perClass is not ${NUM_CLASSES} fractions in [0, 1]`;
  return null;
}

/** What is wrong with a metrics line, or null. */
export function metricsLineProblem(v: unknown): string | null {
  const l = v as MetricsLine;
  if (!l || typeof l !== "object") return "not an object";
  if (l.kind === "dev") return devLineProblem(l);
  if (l.kind !== "train") return `kind ${JSON.stringify((l as { kind: unknown }).kind)} is neither "train" nor "dev"`;
  if (!isStep(l.step)) return `step ${JSON.stringify(l.step)} is not a step number`;
  if (typeof l.loss !== "number" || !Number.isFinite(l.loss)) return `loss ${JSON.stringify(l.loss)} is not a number`;
  if (l.accuracy !== null && !isFraction(l.accuracy))
    return `accuracy ${JSON.stringify(l.accuracy)} is neither null nor a fraction in [0, 1]`;
  if (l.cores !== undefined && !isPositiveWhole(l.cores))
    return `cores ${JSON.stringify(l.cores)} is not a positive whole number`;
  return null;
}

/** What is wrong with done.json's content, or null. */
export function doneProblem(v: unknown): string | null {
  const d = v as DoneInfo;
  if (!d || typeof d !== "object") return `holds ${JSON.stringify(v)}, not an object`;
  if (d.complete !== true) return `"complete" is ${JSON.stringify(d.complete)}, expected true`;
  if (!isStep(d.steps) || d.steps === 0) return `"steps" is ${JSON.stringify(d.steps)}, expected a positive integer`;
  if (!d.backend || typeof d.backend.name !== "string") return `"backend.name" is missing`;
  if (typeof d.trainSeconds !== "number" || !(d.trainSeconds >= 0))
    return `"trainSeconds" is ${JSON.stringify(d.trainSeconds)}, expected a number of seconds`;
  if (d.machine !== undefined) {
    const m = d.machine;
    if (!m || typeof m !== "object" || typeof m.cpu !== "string") return `"machine": its "cpu" is not a name`;
    if (!isPositiveWhole(m.cores)) return `"machine": cores ${JSON.stringify(m.cores)} is not a positive whole number`;
    if (m.meanLoad !== null && !(typeof m.meanLoad === "number" && m.meanLoad >= 0))
      return `"machine": meanLoad ${JSON.stringify(m.meanLoad)} is neither null nor a load`;
    if (m.fewerCoreSteps !== undefined && !isStepsByCores(m.fewerCoreSteps))
      return `"machine": fewerCoreSteps ${JSON.stringify(m.fewerCoreSteps)} is not steps by a number of cores`;
  }
  for (const key of ["best", "last"] as const) {
    if (d[key] !== null && d[key] !== undefined) {
      const p = devLineProblem(d[key]);
      if (p) return `"${key}": ${p}`;
    }
  }
  return null;
}

/** What is wrong with eval.json's content, or null. */
export function evaluationProblem(v: unknown): string | null {
  const e = v as { accuracy: unknown; perClass: unknown; confusion: unknown; step: unknown; predictions?: unknown };
  if (!e || typeof e !== "object") return `holds ${JSON.stringify(v)}, not an object`;
  if (!isFraction(e.accuracy)) return `"accuracy" is ${JSON.stringify(e.accuracy)}, expected a fraction in [0, 1]`;
  if (!Array.isArray(e.perClass) || e.perClass.length !== NUM_CLASSES || !e.perClass.every(isFraction))
    return `"perClass" is not ${NUM_CLASSES} fractions in [0, 1]`;
  const m = e.confusion as unknown[];
  if (
    !Array.isArray(m) ||
    m.length !== NUM_CLASSES ||
    !m.every(
      (row) => Array.isArray(row) && row.length === NUM_CLASSES && row.every((x) => Number.isInteger(x) && x >= 0),
    )
  )
    return `"confusion" is not a ${NUM_CLASSES}×${NUM_CLASSES} matrix of counts`;
  if (!isStep(e.step)) return `"step" is ${JSON.stringify(e.step)}, expected a step number`;
  const count = m.flat().reduce((a: number, b) => a + (b as number), 0);
  if (
    e.predictions !== undefined &&
    !(typeof e.predictions === "string" && new RegExp(`^[0-9]{${count}}$`).test(e.predictions))
  )
    return `"predictions" is not ${count} digits (one class per test image)`;
  return null;
}

/** Parses a JSON run file (null when absent), refusing invalid JSON or content with `repair` said. */
export function readRunJson<T>(path: string, problemOf: (v: unknown) => string | null, repair: string): T | null {
  if (!existsSync(path)) return null;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new RunFileError(path, `not valid JSON (${(err as Error).message})`, repair);
  }
  const problem = problemOf(value);
  if (problem) throw new RunFileError(path, problem, repair);
  return value as T;
}

export interface MetricsRead {
  lines: MetricsLine[];
  /** The file's line number of each of `lines`. */
  lineNumbers: number[];
  /** Lines dropped: unparseable or ill-formed (a crash cuts at most the last one). */
  dropped: { line: number; problem: string }[];
}

/** Reads metrics.jsonl: the well-formed lines, and which were dropped and why. */
export function readMetricsFile(dir: string): MetricsRead {
  const path = join(dir, RUN_FILES.metrics);
  const out: MetricsRead = { lines: [], lineNumbers: [], dropped: [] };
  if (!existsSync(path)) return out;
  readFileSync(path, "utf8")
    .split("\n")
    .forEach((text, i) => {
      if (!text.trim()) return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        out.dropped.push({ line: i + 1, problem: "not valid JSON" });
        return;
      }
      const problem = metricsLineProblem(value);
      if (problem) out.dropped.push({ line: i + 1, problem });
      else {
        out.lines.push(value as MetricsLine);
        out.lineNumbers.push(i + 1);
      }
    });
  return out;
}

/**
 * A dropped line of `read` with a line of step ≤ `step` after it: a hole in the log up to a
 * checkpoint at `step`, which resuming would not refill (a crash cuts only the last line, which
 * the replay rewrites). Null when there is none.
 */
export function holeBefore(read: MetricsRead, step: number): { line: number; problem: string } | null {
  return read.dropped.find((d) => read.lines.some((l, i) => l.step <= step && read.lineNumbers[i] > d.line)) ?? null;
}

/** The well-formed lines of metrics.jsonl (a line cut by a crash is dropped, and rewritten on resume). */
export function readMetrics(dir: string): MetricsLine[] {
  return readMetricsFile(dir).lines;
}
