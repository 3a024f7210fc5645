/** Accuracy, per-class accuracy and the confusion matrix, on plain arrays; training accuracy pooled over longer windows. */
import { NUM_CLASSES, TRAIN_ACCURACY_EVERY } from "../config.js";
import type { TrainLine } from "./run-files.js";

/** confusion[true][predicted] counts. */
export function confusionMatrix(labels: ArrayLike<number>, predictions: ArrayLike<number>): number[][] {
  if (labels.length !== predictions.length)
    throw new Error(`${labels.length} labels but ${predictions.length} predictions`);
  const m = Array.from({ length: NUM_CLASSES }, () => new Array<number>(NUM_CLASSES).fill(0));
  for (let i = 0; i < labels.length; i++) m[labels[i]][predictions[i]]++;
  return m;
}

export interface Accuracy {
  /** Overall accuracy in [0, 1]. */
  accuracy: number;
  /** Accuracy within each true class, in [0, 1] (NaN for a class with no examples). */
  perClass: number[];
  count: number;
}

export function accuracyFromConfusion(m: number[][]): Accuracy {
  let correct = 0;
  let count = 0;
  const perClass = m.map((row, c) => {
    const n = row.reduce((a, b) => a + b, 0);
    correct += row[c];
    count += n;
    return n === 0 ? NaN : row[c] / n;
  });
  return { accuracy: count === 0 ? NaN : correct / count, perClass, count };
}

/** Training accuracy pooled over one window of steps. */
export interface PooledTrainAccuracy {
  /** The window's last logged step. */
  step: number;
  accuracy: number;
  /** The training images it was measured on. */
  images: number;
}

/** The batches whose training accuracy was sampled in steps previous+1 … step: every TRAIN_ACCURACY_EVERY-th. */
export function sampledBatches(previous: number, step: number): number {
  return Math.floor(step / TRAIN_ACCURACY_EVERY) - Math.floor(previous / TRAIN_ACCURACY_EVERY);
}

/**
 * A run's logged training accuracy pooled over windows of `window` steps (ending at its multiples;
 * a last window may be shorter), as the original pooled it over 500. Each logged line weighs as
 * many batches as it sampled since the line before (sampledBatches). For
 * logging windows that divide `window`, the result is the same as logging every `window` steps.
 */
export function pooledTrainAccuracy(lines: TrainLine[], batchSize: number, window: number): PooledTrainAccuracy[] {
  const pools = new Map<number, { step: number; hits: number; images: number }>();
  let previous = 0;
  for (const line of lines) {
    const batches = sampledBatches(previous, line.step);
    previous = line.step;
    if (line.accuracy === null || batches === 0) continue;
    const images = batches * batchSize;
    const end = Math.ceil(line.step / window) * window;
    const pool = pools.get(end) ?? { step: line.step, hits: 0, images: 0 };
    pool.step = line.step;
    pool.hits += Math.round(line.accuracy * images);
    pool.images += images;
    pools.set(end, pool);
  }
  return [...pools.values()].map((p) => ({ step: p.step, accuracy: p.hits / p.images, images: p.images }));
}
