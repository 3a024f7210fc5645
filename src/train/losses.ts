/**
 * The three losses of the study, each a mean over the batch, computed from log-softmax so
 * they stay finite for extreme logits.
 */
import * as tf from "@tensorflow/tfjs";
import { FOCAL_GAMMA, LOSS_NAMES, WEIGHTED_CE_CLASS_WEIGHTS, type LossName } from "../config.js";
import { floatTensor, type FloatOps, type Output } from "../runtime/tf-graph.js";

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

/** The same loss as graph ops, for the compiled step: (ops, one-hot [b,10], logits [b,10]) → scalar. */
export type GraphLossFn = (f: FloatOps, oneHot: Output, logits: Output) => Output;

/** log p_y per example, as graph ops. */
function graphLogPy(f: FloatOps, oneHot: Output, logits: Output): Output {
  return f.reduce("Sum", f.binary("Mul", oneHot, f.unary("LogSoftmax", logits)), [1]);
}

const graphCrossEntropy: GraphLossFn = (f, oneHot, logits) =>
  f.reduce("Mean", f.unary("Neg", graphLogPy(f, oneHot, logits)), [0]);

const graphWeightedCrossEntropy: GraphLossFn = (f, oneHot, logits) => {
  const weights = f.g.constant(floatTensor([...WEIGHTED_CE_CLASS_WEIGHTS], [WEIGHTED_CE_CLASS_WEIGHTS.length]));
  const w = f.reduce("Sum", f.binary("Mul", oneHot, weights), [1]);
  return f.reduce("Mean", f.binary("Mul", w, f.unary("Neg", graphLogPy(f, oneHot, logits))), [0]);
};

function graphFocalLoss(gamma: number = FOCAL_GAMMA): GraphLossFn {
  return (f, oneHot, logits) => {
    const logPy = graphLogPy(f, oneHot, logits);
    const modulator = f.binary("Pow", f.binary("Sub", 1, f.unary("Exp", logPy)), gamma);
    return f.reduce("Mean", f.unary("Neg", f.binary("Mul", modulator, logPy)), [0]);
  };
}

/** The losses by name: each one's function (eager, and as graph ops for the compiled step) and how the report describes it. A new loss is one entry (its name joins LOSS_NAMES) and its test. */
export const LOSSES: Record<LossName, { make: () => LossFn; graph: () => GraphLossFn; description: string }> = {
  cross_entropy: { make: () => crossEntropy, graph: () => graphCrossEntropy, description: "softmax cross-entropy" },
  weighted_cross_entropy: {
    make: () => weightedCrossEntropy,
    graph: () => graphWeightedCrossEntropy,
    description: `cross-entropy with class weights [${WEIGHTED_CE_CLASS_WEIGHTS.join(", ")}]`,
  },
  focal: {
    make: () => focalLoss(),
    graph: () => graphFocalLoss(),
    description: `focal loss, γ = ${FOCAL_GAMMA}, no α`,
  },
};

export function assertLossName(name: string): asserts name is LossName {
  if (!Object.hasOwn(LOSSES, name)) {
    throw new Error(`unknown loss '${name}'; expected one of ${LOSS_NAMES.join(", ")}`);
  }
}

export function lossByName(name: string): LossFn {
  assertLossName(name);
  return LOSSES[name].make();
}
