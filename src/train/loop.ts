/**
 * The training loop of one run directory: seeded shuffled epochs, on-the-fly augmentation,
 * Adam with the staircase schedule, periodic dev evaluation, checkpoints, and resumption
 * from the last checkpoint with no gap or duplicate in the metrics.
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { IMAGE_SIZE, NUM_CLASSES } from "../config.js";
import { appendJsonLine, writeFileAtomic, writeJsonAtomic } from "../util/atomic.js";
import { initBackend } from "../runtime/backend.js";
import { codeVersion } from "../util/code-version.js";
import type { LabelledImages } from "../data/dataset.js";
import type { TrainSpec } from "./spec.js";
import { lossByName, type LossFn } from "./losses.js";
import { buildModel } from "../models/architectures.js";
import { setDropoutStep } from "../models/seeded-dropout.js";
import { learningRateAt } from "./schedule.js";
import { TrainingBatches } from "./batches.js";
import { Tf1Adam } from "./optimizer.js";
import { CheckpointError, loadCheckpoint, saveCheckpoint } from "./checkpoint.js";
import { evaluateModel } from "./evaluate.js";
import {
  bestCheckpointName,
  readMetrics,
  readPredictionsStep,
  RUN_FILES,
  type DevLine,
  type DoneInfo,
  type PredictionsFile,
  type TrainLine,
} from "./run-files.js";

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
  /** Called after every step: keeps the run directory's lock alive (run-lock.ts). */
  heartbeat?: () => void;
}

/** The original measured training accuracy on every 4th batch. */
export const TRAIN_ACCURACY_EVERY = 4;

/** What the current logging window has summed so far; saved with a checkpoint, so a resumed run logs the same values. */
interface LogWindow {
  loss: number;
  steps: number;
  hits: number;
  sampled: number;
}
const emptyWindow = (): LogWindow => ({ loss: 0, steps: 0, hits: 0, sampled: 0 });

/** Predicted-correct count of a batch in inference mode. */
function inferenceHits(model: tf.LayersModel, x: tf.Tensor4D, y: tf.Tensor1D): number {
  return tf.tidy(
    () => tf.sum(tf.cast(tf.equal(tf.argMax(model.predict(x) as tf.Tensor2D, 1), y), "float32")).dataSync()[0],
  );
}

function listBestCheckpoints(dir: string): number[] {
  return readdirSync(dir)
    .map((f) => /^best-(\d+)\.ckpt$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]));
}

/** Trains `cfg` in `dir` (which holds its config.json) to completion or until stopped. */
/** Where a run stands when training starts: from its last checkpoint, or from step 0. */
interface RunState {
  step: number;
  trainSeconds: number;
  best: DevLine | null;
  lastDev: DevLine | null;
  window: LogWindow;
}

/**
 * Restores the last checkpoint (a damaged one restarts the run from step 0) and makes the run
 * directory agree with it: metrics beyond it are dropped (that timeline is replayed), a dev line
 * saved with it but cut before the metrics is put back, and best checkpoints and predictions that
 * the restored timeline does not hold are removed.
 */
async function resume(
  dir: string,
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  log: (m: string) => void,
): Promise<RunState> {
  const state: RunState = { step: 0, trainSeconds: 0, best: null, lastDev: null, window: emptyWindow() };
  let pendingDev: DevLine | null = null;
  const lastPath = join(dir, RUN_FILES.last);
  if (existsSync(lastPath)) {
    try {
      const ckpt = await loadCheckpoint(lastPath, model, optimizer);
      state.step = ckpt.step;
      state.trainSeconds = Number(ckpt.meta.trainSeconds ?? 0);
      state.best = (ckpt.meta.best as DevLine | null) ?? null;
      pendingDev = (ckpt.meta.dev as DevLine | null) ?? null;
      state.window = (ckpt.meta.window as LogWindow | undefined) ?? emptyWindow();
      log(`resuming ${dir} from step ${state.step}`);
    } catch (err) {
      if (!(err instanceof CheckpointError)) throw err;
      log(`${err.message}; restarting the run from step 0`);
    }
  }
  const kept = readMetrics(dir).filter((l) => l.step <= state.step);
  if (state.step > 0 && pendingDev && !kept.some((l) => l.kind === "dev" && l.step === pendingDev!.step))
    kept.push(pendingDev);
  writeFileAtomic(join(dir, RUN_FILES.metrics), kept.map((l) => JSON.stringify(l) + "\n").join(""));
  for (const s of listBestCheckpoints(dir)) if (s !== state.best?.step) rmSync(join(dir, bestCheckpointName(s)));
  if (state.best && !existsSync(join(dir, bestCheckpointName(state.best.step)))) state.best = null;
  if (readPredictionsStep(dir) !== (state.best?.step ?? null))
    rmSync(join(dir, RUN_FILES.devPredictions), { force: true });
  state.lastDev = [...kept].reverse().find((l): l is DevLine => l.kind === "dev") ?? null;
  return state;
}

/** One update on a batch: its loss (training mode, before the update) and, when asked, the batch's hits in inference mode after it. */
function trainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  lossFn: LossFn,
  images: Float32Array,
  labels: Int32Array,
  sampleAccuracy: boolean,
): [number, number] {
  return tf.tidy(() => {
    const x = tf.tensor4d(images, [labels.length, IMAGE_SIZE, IMAGE_SIZE, 1]);
    const y = tf.tensor1d(labels, "int32");
    const oneHot = tf.oneHot(y, NUM_CLASSES) as tf.Tensor2D;
    const loss = optimizer.minimize(() => lossFn(oneHot, model.apply(x, { training: true }) as tf.Tensor2D), true)!;
    const lossValue = loss.dataSync()[0];
    return [lossValue, sampleAccuracy ? inferenceHits(model, x, y) : 0];
  });
}

/** Trains `cfg` in `dir` (which holds its config.json) to completion or until stopped. */
export async function trainRun(
  cfg: TrainSpec,
  dir: string,
  data: LabelledImages,
  opts: TrainOptions = {},
): Promise<DoneInfo | null> {
  const log = opts.log ?? (() => {});
  const backend = await initBackend();
  const code = codeVersion(); // read once per process, at its first run
  const batches = new TrainingBatches(cfg, data);
  const dev = batches.dev;
  const model = buildModel(cfg.model, cfg.seed);
  const adam = new Tf1Adam(learningRateAt(1, cfg.schedule));
  const optimizer = adam.optimizer;
  const lossFn = lossByName(cfg.loss);
  const metricsPath = join(dir, RUN_FILES.metrics);
  const run = await resume(dir, model, optimizer, log);
  let { step, window } = run;
  let windowStart = performance.now();
  let timedSteps = 0; // steps since windowStart (a resumed window began before it)
  let speed = 0;

  /** The last checkpoint; `dev` is this step's dev line, appended to the metrics just after. */
  const checkpoint = (devLine: DevLine | null = null) =>
    saveCheckpoint(join(dir, RUN_FILES.last), step, model, optimizer, {
      trainSeconds: run.trainSeconds,
      best: run.best,
      backend: backend.name,
      dev: devLine,
      window,
    });

  /** A dev evaluation: a new best is kept (checkpoint and predictions) before the line is logged. */
  const evaluateDev = async (devSet: LabelledImages) => {
    const e = evaluateModel(model, devSet);
    const line: DevLine = { kind: "dev", step, accuracy: e.accuracy, perClass: e.perClass };
    const previous = run.best;
    if (!previous || line.accuracy > previous.accuracy) {
      await saveCheckpoint(join(dir, bestCheckpointName(step)), step, model, null, { devAccuracy: line.accuracy });
      writeJsonAtomic(join(dir, RUN_FILES.devPredictions), {
        step,
        images: batches.devImages,
        predictions: e.predictions.join(""),
      } satisfies PredictionsFile);
      run.best = line;
      await checkpoint(line);
      if (previous) rmSync(join(dir, bestCheckpointName(previous.step)), { force: true });
    } else {
      await checkpoint(line);
    }
    appendJsonLine(metricsPath, line);
    run.lastDev = line;
  };

  while (step < cfg.steps) {
    const t0 = performance.now();
    const { images, labels } = batches.fill(step);
    setDropoutStep(model, cfg.seed, step);
    // The original counts steps from 1: its step i trains at 5e-4 × 0.9^floor(i / decaySteps).
    adam.setStep(step + 1, learningRateAt(step + 1, cfg.schedule));
    const sampleAccuracy = (step + 1) % TRAIN_ACCURACY_EVERY === 0;
    const [lossValue, hits] = trainStep(model, optimizer, lossFn, images, labels, sampleAccuracy);
    step++;
    run.trainSeconds += (performance.now() - t0) / 1000;
    if (!Number.isFinite(lossValue)) throw new Error(`loss became ${lossValue} at step ${step} of ${dir}`);
    window.loss += lossValue;
    window.steps++;
    timedSteps++;
    if (sampleAccuracy) {
      window.hits += hits;
      window.sampled += cfg.batchSize;
    }
    if (step % cfg.logEvery === 0 || step === cfg.steps) {
      speed = (timedSteps * cfg.batchSize) / ((performance.now() - windowStart) / 1000);
      const accuracy = window.sampled > 0 ? window.hits / window.sampled : null;
      appendJsonLine(metricsPath, {
        kind: "train",
        step,
        loss: window.loss / window.steps,
        accuracy,
        learningRate: learningRateAt(step, cfg.schedule),
        imagesPerSecond: speed,
      } satisfies TrainLine);
      window = emptyWindow();
      timedSteps = 0;
      windowStart = performance.now();
    }
    if (step % cfg.evalEvery === 0 || step === cfg.steps) await (dev ? evaluateDev(dev) : checkpoint());
    if (speed === 0) speed = cfg.batchSize / Math.max(1e-6, (performance.now() - t0) / 1000);
    opts.heartbeat?.();
    opts.onProgress?.({
      step,
      steps: cfg.steps,
      loss: lossValue,
      devAccuracy: run.lastDev?.accuracy ?? null,
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

  const done: DoneInfo = {
    complete: true,
    steps: step,
    backend,
    trainSeconds: run.trainSeconds,
    best: run.best,
    last: run.lastDev,
    finishedAt: new Date().toISOString(),
    code,
  };
  writeJsonAtomic(join(dir, RUN_FILES.done), done);
  model.dispose();
  optimizer.dispose();
  return done;
}
