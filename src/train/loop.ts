/**
 * The training loop of one run directory: seeded shuffled epochs, on-the-fly augmentation,
 * Adam with the staircase schedule, periodic dev evaluation, checkpoints, and resumption
 * from the last checkpoint with no gap or duplicate in the metrics (the run directory: run-record.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { IMAGE_SIZE, NUM_CLASSES, TRAIN_ACCURACY_EVERY } from "../config.js";
import { backendLoaded, initBackend } from "../runtime/backend.js";
import { usePrecision } from "../runtime/precision.js";
import { ExpectedError } from "../util/errors.js";
import { codeVersion } from "../util/code-version.js";
import { currentCores, currentLoad } from "../util/machine.js";
import type { LabelledImages } from "../data/dataset.js";
import type { TrainSpec } from "./spec.js";
import { lossByName, type LossFn } from "./losses.js";
import { buildModel } from "../models/architectures.js";
import { setDropoutStep } from "../models/seeded-dropout.js";
import { learningRateAt } from "./schedule.js";
import { TrainingBatches } from "./batches.js";
import { Tf1Adam } from "./optimizer.js";
import { RunRecord } from "./run-record.js";
import { CompiledStep, compiledUnavailable } from "./compiled-step.js";
import { chooseEngine } from "./engine.js";
import type { DoneInfo } from "./run-files.js";

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

/** Predicted-correct count of a batch in inference mode. */
function inferenceHits(model: tf.LayersModel, x: tf.Tensor4D, y: tf.Tensor1D): number {
  return tf.tidy(
    () => tf.sum(tf.cast(tf.equal(tf.argMax(model.predict(x) as tf.Tensor2D, 1), y), "float32")).dataSync()[0],
  );
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

/** The same as trainStep, as one call of the compiled step (and, when sampled, one of its inference graph). */
function compiledTrainStep(
  compiled: CompiledStep,
  seed: number,
  step: number,
  images: Float32Array,
  labels: Int32Array,
  sampleAccuracy: boolean,
  learningRate: number,
): [number, number] {
  const loss = compiled.step(images, labels, learningRate, seed, step);
  if (!sampleAccuracy) return [loss, 0];
  const predicted = compiled.predict(images, labels.length);
  return [loss, predicted.reduce((hits, p, i) => hits + (p === labels[i] ? 1 : 0), 0)];
}

/** Trains `cfg` in `dir` (which holds its config.json) to completion or until stopped. */
export async function trainRun(
  cfg: TrainSpec,
  dir: string,
  data: LabelledImages,
  opts: TrainOptions = {},
): Promise<DoneInfo | null> {
  const precision = cfg.precision ?? "fp32";
  usePrecision(precision, backendLoaded());
  const backend = await initBackend();
  if (precision === "bf16" && !backend.name.startsWith("tensorflow"))
    throw new ExpectedError(
      `precision bf16 needs the native TensorFlow backend (oneDNN); this process runs ${backend.name}: run npm run setup, or train in fp32`,
    );
  const code = codeVersion(); // read once per process, at its first run
  const batches = new TrainingBatches(cfg, data);
  const model = buildModel(cfg.model, cfg.seed);
  const adam = new Tf1Adam(learningRateAt(1, cfg.schedule));
  const lossFn = lossByName(cfg.loss);
  const run = await RunRecord.resume(dir, model, adam.optimizer, backend, opts.log ?? (() => {}));
  run.engine = chooseEngine(
    run.step > 0 ? run.checkpointEngine : null,
    process.env.FMNIST_ENGINE || undefined,
    compiledUnavailable(),
    dir,
  );
  const compiled = run.engine === "compiled" ? CompiledStep.build(model, cfg.loss, cfg.batchSize) : null;
  compiled?.importState(adam.optimizer);
  // The compiled step keeps the state in its session: checkpoints and evaluations read the tfjs model.
  const syncModel = async () => compiled?.exportState(adam.optimizer, run.step);
  const close = () => {
    compiled?.close();
    model.dispose();
    adam.optimizer.dispose();
  };
  let windowStart = performance.now();
  let timedSteps = 0; // steps since windowStart (a resumed window began before it)
  let speed = 0;

  while (run.step < cfg.steps) {
    const t0 = performance.now();
    const { images, labels } = batches.fill(run.step);
    setDropoutStep(model, cfg.seed, run.step);
    // The original counts steps from 1: its step i trains at 5e-4 × 0.9^floor(i / decaySteps).
    const learningRate = learningRateAt(run.step + 1, cfg.schedule);
    adam.setStep(run.step + 1, learningRate);
    const sampleAccuracy = (run.step + 1) % TRAIN_ACCURACY_EVERY === 0;
    const [loss, hits] = compiled
      ? compiledTrainStep(compiled, cfg.seed, run.step, images, labels, sampleAccuracy, learningRate)
      : trainStep(model, adam.optimizer, lossFn, images, labels, sampleAccuracy);
    run.addStep(loss, sampleAccuracy ? hits : null, cfg.batchSize, (performance.now() - t0) / 1000);
    timedSteps++;
    const { step } = run;
    if (step % cfg.logEvery === 0 || step === cfg.steps) {
      speed = (timedSteps * cfg.batchSize) / ((performance.now() - windowStart) / 1000);
      run.logTrain(learningRateAt(step, cfg.schedule), speed, currentLoad(), currentCores());
      timedSteps = 0;
      windowStart = performance.now();
    }
    if (step % cfg.evalEvery === 0 || step === cfg.steps) {
      await syncModel();
      await (batches.dev
        ? run.evaluateDev(batches.dev, batches.devImages, compiled ? (x, n) => compiled.predict(x, n) : undefined)
        : run.checkpoint());
    }
    if (speed === 0) speed = cfg.batchSize / Math.max(1e-6, (performance.now() - t0) / 1000);
    opts.heartbeat?.();
    opts.onProgress?.({
      step,
      steps: cfg.steps,
      loss,
      devAccuracy: run.lastDev?.accuracy ?? null,
      imagesPerSecond: speed,
      etaSeconds: ((cfg.steps - step) * cfg.batchSize) / Math.max(speed, 1e-9),
    });
    // Let the event loop run (a Ctrl-C handler, a notebook's display): the step itself never waits.
    await new Promise((resolve) => setImmediate(resolve));
    if (step < cfg.steps && opts.shouldStop?.()) {
      await syncModel();
      await run.checkpoint();
      opts.log?.(`stopped at step ${step}; checkpoint saved, run it again to resume`);
      close();
      return null;
    }
  }
  const done = run.finish(code);
  close();
  return done;
}
