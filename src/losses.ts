/**
 * The three losses of the study, each a mean over the batch, computed from log-softmax so
 * they stay finite for extreme logits.
 */
import * as tf from "@tensorflow/tfjs";
import { FOCAL_GAMMA, LOSS_NAMES, WEIGHTED_CE_CLASS_WEIGHTS, type LossName } from "./config.js";

/** (one-hot labels [b,10], logits [b,10]) → scalar loss. */
export type LossFn = (oneHot: tf.Tensor2D, logits: tf.Tensor2D) => tf.Scalar;

/** −log p_y per example. */
function perExampleCrossEntropy(oneHot: tf.Tensor2D, logits: tf.Tensor2D): tf.Tensor1D {
  return tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1)) as tf.Tensor1D;
}

export const crossEntropy: LossFn = (oneHot, logits) => tf.mean(perExampleCrossEntropy(oneHot, logits));

/** mean over the batch of w[y] · CE, with w = [2,1,2,1,2,1,2,1,1,1]. */
export const weightedCrossEntropy: LossFn = (oneHot, logits) => {
  const w = tf.sum(tf.mul(oneHot, tf.tensor1d(WEIGHTED_CE_CLASS_WEIGHTS as unknown as number[])), 1);
  return tf.mean(tf.mul(w, perExampleCrossEntropy(oneHot, logits)));
};

/** Focal loss, γ = 2, no α: mean of −(1 − p_y)^γ · log p_y. */
export function focalLoss(gamma: number = FOCAL_GAMMA): LossFn {
  return (oneHot, logits) => {
    const logPy = tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1);
    const modulator = tf.pow(tf.sub(1, tf.exp(logPy)), gamma);
    return tf.mean(tf.neg(tf.mul(modulator, logPy)));
  };
}

export function assertLossName(name: string): asserts name is LossName {
  if (!(LOSS_NAMES as readonly string[]).includes(name)) {
    throw new Error(`unknown loss '${name}'; expected one of ${LOSS_NAMES.join(", ")}`);
  }
}

export function lossByName(name: string): LossFn {
  assertLossName(name);
  switch (name) {
    case "cross_entropy":
      return crossEntropy;
    case "weighted_cross_entropy":
      return weightedCrossEntropy;
    case "focal":
      return focalLoss();
  }
}
