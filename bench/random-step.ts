/**
 * The benchmarks' training step: batch 64 of random images and labels, Adam, cross-entropy,
 * the loss read back each step (as the training loop does).
 */
import * as tf from "@tensorflow/tfjs";
import { crossEntropy } from "../src/train/losses.js";

export function randomTrainingStep(model: tf.LayersModel): { step: () => void; dispose: () => void } {
  const opt = tf.train.adam(5e-4);
  const x = tf.randomUniform([64, 28, 28, 1]);
  const y = tf.oneHot(tf.randomUniform([64], 0, 10, "int32") as tf.Tensor1D, 10) as tf.Tensor2D;
  return {
    step: () =>
      tf.tidy(
        () =>
          void opt.minimize(() => crossEntropy(y, model.apply(x, { training: true }) as tf.Tensor2D), true)!.dataSync(),
      ),
    dispose: () => {
      opt.dispose();
      tf.dispose([x, y]);
    },
  };
}
