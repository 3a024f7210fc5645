/** Running a model over labelled images: predictions, accuracy, per-class accuracy, confusion. */
import * as tf from "@tensorflow/tfjs";
import { IMAGE_SIZE } from "../config.js";
import type { LabelledImages } from "../data/dataset.js";
import { accuracyFromConfusion, confusionMatrix, type Accuracy } from "./metrics.js";

/** The predicted classes of `count` images (inference mode: moving statistics, no dropout). */
export type BatchPredictor = (images: Float32Array, count: number) => Int32Array;

/** A tfjs model's predictions, op by op. */
export function modelPredictor(model: tf.LayersModel): BatchPredictor {
  return (images, count) =>
    tf.tidy(() => {
      const x = tf.tensor4d(images, [count, IMAGE_SIZE, IMAGE_SIZE, 1]);
      return tf.argMax(model.predict(x) as tf.Tensor, 1).dataSync() as Int32Array;
    });
}

/** Predicted class of every image, in batches, by a model or a predictor (the compiled step's). */
export function predictClasses(
  model: tf.LayersModel | BatchPredictor,
  data: LabelledImages,
  batchSize = 500,
): Int32Array {
  const predict = typeof model === "function" ? model : modelPredictor(model);
  const px = IMAGE_SIZE * IMAGE_SIZE;
  const out = new Int32Array(data.count);
  for (let start = 0; start < data.count; start += batchSize) {
    const n = Math.min(batchSize, data.count - start);
    out.set(predict(data.images.subarray(start * px, (start + n) * px), n), start);
  }
  return out;
}

export interface Evaluation extends Accuracy {
  confusion: number[][];
}

/** Accuracy, per class and the confusion matrix, and each image's predicted class. */
export function evaluateModel(
  model: tf.LayersModel | BatchPredictor,
  data: LabelledImages,
): Evaluation & { predictions: Int32Array } {
  const predictions = predictClasses(model, data);
  const confusion = confusionMatrix(data.labels, predictions);
  return { ...accuracyFromConfusion(confusion), confusion, predictions };
}
