/**
 * Adam as the original's TensorFlow 1 `tf.train.AdamOptimizer` computes it. TF1 folds the bias
 * corrections into the step size and adds ε to √v: lr·√(1−β2^t)/(1−β1^t) · m / (√v + ε), with
 * ε = 1e-8. tfjs' Adam adds ε to the bias-corrected √v̂ instead. The two agree exactly when tfjs'
 * ε at step t is ε/√(1−β2^t), which `setStep` sets before every update.
 */
import * as tf from "@tensorflow/tfjs";

/** TF1 AdamOptimizer's defaults. */
export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

export class Tf1Adam {
  readonly optimizer: tf.AdamOptimizer;

  constructor(learningRate: number) {
    this.optimizer = tf.train.adam(learningRate, ADAM.beta1, ADAM.beta2, ADAM.epsilon);
  }

  /** Sets the learning rate and ε for update number `step` (counted from 1). */
  setStep(step: number, learningRate: number): void {
    const o = this.optimizer as unknown as { learningRate: number; epsilon: number };
    o.learningRate = learningRate;
    o.epsilon = tf1Epsilon(step);
  }
}

/** tfjs' ε that makes update number `step` TF1's: ε / √(1 − β2^step). */
export function tf1Epsilon(step: number): number {
  return ADAM.epsilon / Math.sqrt(1 - Math.pow(ADAM.beta2, step));
}
