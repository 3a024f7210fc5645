/** Running a model over labelled images: predictions, accuracy, per-class accuracy, confusion. */
import * as tf from "@tensorflow/tfjs";
import { IMAGE_SIZE } from "../config.js";
import type { LabelledImages } from "../data/dataset.js";
import { accuracyFromConfusion, confusionMatrix, type Accuracy } from "./metrics.js";

/** Predicted class of every image, in batches (inference mode: moving statistics, no dropout). */
export function predictClasses(model: tf.LayersModel, data: LabelledImages, batchSize = 500): Int32Array {
  const px = IMAGE_SIZE * IMAGE_SIZE;
  const out = new Int32Array(data.count);
  for (let start = 0; start < data.count; start += batchSize) {
    const n = Math.min(batchSize, data.count - start);
    const preds = tf.tidy(() => {
      const x = tf.tensor4d(data.images.subarray(start * px, (start + n) * px), [n, IMAGE_SIZE, IMAGE_SIZE, 1]);
      return tf.argMax(model.predict(x) as tf.Tensor, 1);
    });
    out.set(preds.dataSync() as Int32Array, start);
    preds.dispose();
  }
  return out;
}

export interface Evaluation extends Accuracy {
  confusion: number[][];
}

/** Accuracy, per class and the confusion matrix, and each image's predicted class. */
export function evaluateModel(model: tf.LayersModel, data: LabelledImages): Evaluation & { predictions: Int32Array } {
  const predictions = predictClasses(model, data);
  const confusion = confusionMatrix(data.labels, predictions);
  return { ...accuracyFromConfusion(confusion), confusion, predictions };
}
