/**
 * The training loop of one run directory: seeded shuffled epochs, on-the-fly augmentation,
 * Adam with the staircase schedule, periodic dev evaluation, checkpoints, and resumption
 * from the last checkpoint with no gap or duplicate in the metrics.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES, SPLIT } from "../config.js";
import { appendJsonLine, writeFileAtomic, writeJsonAtomic } from "../atomic.js";
import { augmentBatch } from "../augment/pipeline.js";
import { initBackend, type BackendInfo } from "../backend.js";
import { codeVersion, type CodeVersion } from "../code-version.js";
import { subset, type LabelledImages } from "../data/dataset.js";
import { allForTraining, stratifiedSplit } from "../data/split.js";
import type { ExperimentConfig } from "../experiments/config.js";
import { lossByName } from "../losses.js";
import { buildModel } from "../models/architectures.js";
import { setDropoutStep } from "../models/seeded-dropout.js";
import { Rng } from "../random.js";
import { learningRateAt } from "../schedule.js";
import { BatchSampler } from "./batches.js";
import { CheckpointError, loadCheckpoint, saveCheckpoint } from "./checkpoint.js";
import { evaluateModel } from "./evaluate.js";

export interface TrainLine {
  kind: "train";
  step: number;
  loss: number;
  accuracy: number;
  learningRate: number;
  imagesPerSecond: number;
}
export interface DevLine {
  kind: "dev";
  step: number;
  accuracy: number;
  perClass: number[];
}
export type MetricsLine = TrainLine | DevLine;

export interface Progress {
  step: number;
  steps: number;
  loss: number | null;
  devAccuracy: number | null;
  imagesPerSecond: number;
  etaSeconds: number;
}

export interface TrainOptions {
  /** Called after every step (cheap: it gets numbers only). */
  onProgress?: (p: Progress) => void;
  /** Checked after every step; when it returns true the run checkpoints and stops. */
  shouldStop?: () => boolean;
  /** Messages about resuming and restarting. */
  log?: (message: string) => void;
}

export interface DoneInfo {
  complete: true;
  steps: number;
  backend: BackendInfo;
  trainSeconds: number;
  /** Dev runs: the best and the last dev evaluation. */
  best: DevLine | null;
  last: DevLine | null;
  finishedAt: string;
  /** The git commit of the code that finished the run (absent in runs from before it was recorded). */
  code?: CodeVersion | null;
}

export const RUN_FILES = {
  config: "config.json",
  metrics: "metrics.jsonl",
  last: "last.ckpt",
  done: "done.json",
  eval: "eval.json",
} as const;

export function bestCheckpointName(step: number): string {
  return `best-${step}.ckpt`;
}

/** Reads metrics.jsonl, skipping a partial (unparseable) last line. */
export function readMetrics(dir: string): MetricsLine[] {
  const path = join(dir, RUN_FILES.metrics);
  if (!existsSync(path)) return [];
  const lines: MetricsLine[] = [];
  for (const text of readFileSync(path, "utf8").split("\n")) {
    if (!text.trim()) continue;
    try {
      lines.push(JSON.parse(text));
    } catch {
      // a line cut by a crash: it is dropped, and rewritten on resume
    }
  }
  return lines;
}

interface Prepared {
  train: LabelledImages;
  trainIndices: Uint32Array;
  dev: LabelledImages | null;
}

function prepareData(cfg: ExperimentConfig, data: LabelledImages): Prepared {
  const split = cfg.split === "final" ? allForTraining(data.count) : stratifiedSplit(data.labels, cfg.devPerClass, SPLIT.seed);
  const trainIndices = cfg.trainLimit > 0 ? split.train.subarray(0, cfg.trainLimit) : split.train;
  return { train: data, trainIndices, dev: cfg.split === "dev" ? subset(data, split.dev) : null };
}

function listBestCheckpoints(dir: string): number[] {
  return readdirSync(dir)
    .map((f) => /^best-(\d+)\.ckpt$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]));
}

/** Trains `cfg` in `dir` (which holds its config.json) to completion or until stopped. */
export async function trainRun(cfg: ExperimentConfig, dir: string, data: LabelledImages, opts: TrainOptions = {}): Promise<DoneInfo | null> {
  const log = opts.log ?? (() => {});
  const backend = await initBackend();
  const code = codeVersion(); // read once per process, at its first run
  const { train, trainIndices, dev } = prepareData(cfg, data);
  const model = buildModel(cfg.model, cfg.seed);
  const optimizer = tf.train.adam(learningRateAt(0, cfg.schedule));
  const lossFn = lossByName(cfg.loss);
  const sampler = new BatchSampler(trainIndices, cfg.batchSize, cfg.seed);
  const lastPath = join(dir, RUN_FILES.last);

  // Resume from the last checkpoint, or start clean.
  let step = 0;
  let trainSeconds = 0;
  let best: DevLine | null = null;
  let pendingDev: DevLine | null = null;
  if (existsSync(lastPath)) {
    try {
      const ckpt = await loadCheckpoint(lastPath, model, optimizer);
      step = ckpt.step;
      trainSeconds = Number(ckpt.meta.trainSeconds ?? 0);
      best = (ckpt.meta.best as DevLine | null) ?? null;
      pendingDev = (ckpt.meta.dev as DevLine | null) ?? null;
      log(`resuming ${dir} from step ${step}`);
    } catch (err) {
      if (!(err instanceof CheckpointError)) throw err;
      log(`${err.message}; restarting the run from step 0`);
    }
  }
  // Metrics beyond the checkpoint happened in a timeline that is being replayed: drop them.
  const kept = readMetrics(dir).filter((l) => l.step <= step);
  // A dev evaluation saved with the checkpoint but cut before it reached the metrics.
  if (step > 0 && pendingDev && !kept.some((l) => l.kind === "dev" && l.step === pendingDev!.step)) kept.push(pendingDev);
  writeFileAtomic(join(dir, RUN_FILES.metrics), kept.map((l) => JSON.stringify(l) + "\n").join(""));
  for (const s of listBestCheckpoints(dir)) if (s !== best?.step) rmSync(join(dir, bestCheckpointName(s)));
  if (best && !existsSync(join(dir, bestCheckpointName(best.step)))) best = null;
  let lastDev: DevLine | null = [...kept].reverse().find((l): l is DevLine => l.kind === "dev") ?? null;

  const images = new Float32Array(cfg.batchSize * IMAGE_PIXELS);
  const labels = new Int32Array(cfg.batchSize);
  const scratch = new Float32Array(IMAGE_PIXELS);
  const augment = { prob: cfg.augmentProb, ops: cfg.augmentOps };
  let windowLoss = 0;
  let windowCorrect = 0;
  let windowSteps = 0;
  let windowStart = performance.now();
  let lastLoss: number | null = null;
  let speed = 0;

  /** The last checkpoint; `dev` is this step's dev line, appended to the metrics just after. */
  const checkpoint = async (devLine: DevLine | null = null) => {
    await saveCheckpoint(lastPath, step, model, optimizer, { trainSeconds, best, backend: backend.name, dev: devLine });
  };

  const evaluateDev = async () => {
    if (!dev) return;
    const e = evaluateModel(model, dev);
    const line: DevLine = { kind: "dev", step, accuracy: e.accuracy, perClass: e.perClass };
    if (!best || line.accuracy > best.accuracy) {
      await saveCheckpoint(join(dir, bestCheckpointName(step)), step, model, null, { devAccuracy: line.accuracy });
      const previous = best;
      best = line;
      await checkpoint(line);
      if (previous) rmSync(join(dir, bestCheckpointName(previous.step)), { force: true });
    } else {
      await checkpoint(line);
    }
    appendJsonLine(join(dir, RUN_FILES.metrics), line);
    lastDev = line;
  };

  while (step < cfg.steps) {
    const t0 = performance.now();
    const idx = sampler.batch(step);
    for (let i = 0; i < idx.length; i++) {
      images.set(train.images.subarray(idx[i] * IMAGE_PIXELS, (idx[i] + 1) * IMAGE_PIXELS), i * IMAGE_PIXELS);
      labels[i] = train.labels[idx[i]];
    }
    augmentBatch(images, labels, new Rng(cfg.seed, 0xa0a0, step), augment, scratch);
    setDropoutStep(cfg.seed, step);
    (optimizer as unknown as { learningRate: number }).learningRate = learningRateAt(step, cfg.schedule);
    const [lossValue, correct] = tf.tidy(() => {
      const x = tf.tensor4d(images, [cfg.batchSize, IMAGE_SIZE, IMAGE_SIZE, 1]);
      const y = tf.tensor1d(labels, "int32");
      const oneHot = tf.oneHot(y, NUM_CLASSES) as tf.Tensor2D;
      let hits: tf.Tensor | null = null;
      const loss = optimizer.minimize(() => {
        const logits = model.apply(x, { training: true }) as tf.Tensor2D;
        hits = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), "float32")));
        return lossFn(oneHot, logits);
      }, true)!;
      return [loss.dataSync()[0], hits!.dataSync()[0]];
    });
    step++;
    trainSeconds += (performance.now() - t0) / 1000;
    if (!Number.isFinite(lossValue)) throw new Error(`loss became ${lossValue} at step ${step} of ${dir}`);
    windowLoss += lossValue;
    windowCorrect += correct;
    windowSteps++;
    lastLoss = lossValue;

    if (step % cfg.logEvery === 0 || step === cfg.steps) {
      const secs = (performance.now() - windowStart) / 1000;
      speed = (windowSteps * cfg.batchSize) / secs;
      appendJsonLine(join(dir, RUN_FILES.metrics), {
        kind: "train",
        step,
        loss: windowLoss / windowSteps,
        accuracy: windowCorrect / (windowSteps * cfg.batchSize),
        learningRate: learningRateAt(step - 1, cfg.schedule),
        imagesPerSecond: speed,
      } satisfies TrainLine);
      windowLoss = windowCorrect = windowSteps = 0;
      windowStart = performance.now();
    }
    if (step % cfg.evalEvery === 0 || step === cfg.steps) {
      if (dev) await evaluateDev();
      else await checkpoint();
    }
    if (speed === 0) speed = cfg.batchSize / Math.max(1e-6, (performance.now() - t0) / 1000);
    opts.onProgress?.({
      step,
      steps: cfg.steps,
      loss: lastLoss,
      devAccuracy: (lastDev as DevLine | null)?.accuracy ?? null,
      imagesPerSecond: speed,
      etaSeconds: ((cfg.steps - step) * cfg.batchSize) / Math.max(speed, 1e-9),
    });
    // Let the event loop run (a Ctrl-C handler, a notebook's display): the step itself never waits.
    await new Promise((resolve) => setImmediate(resolve));
    if (step < cfg.steps && opts.shouldStop?.()) {
      await checkpoint();
      log(`stopped at step ${step}; checkpoint saved, run it again to resume`);
      model.dispose();
      optimizer.dispose();
      return null;
    }
  }

  const done: DoneInfo = { complete: true, steps: step, backend, trainSeconds, best, last: lastDev, finishedAt: new Date().toISOString(), code };
  writeJsonAtomic(join(dir, RUN_FILES.done), done);
  model.dispose();
  optimizer.dispose();
  return done;
}
