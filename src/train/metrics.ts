/** Accuracy, per-class accuracy and the confusion matrix, on plain arrays. */
import { NUM_CLASSES } from "../config.js";

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
