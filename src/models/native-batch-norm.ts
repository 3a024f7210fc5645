/**
 * Batch normalisation for training on the native TensorFlow backend: one fused TensorFlow
 * kernel forward (FusedBatchNormV3) and one backward (FusedBatchNormGradV3), instead of the
 * dozen element-wise ops tfjs-layers composes and differentiates op by op. Inference, and
 * every other backend, use tfjs-layers' own batch norm unchanged. The layer keeps the class
 * name and weights of tfjs' BatchNormalization, so saved models load anywhere.
 */
import * as tf from "@tensorflow/tfjs";
import { fusedBatchNormTraining, nativeBackend } from "../runtime/native-ops.js";

type LayerCtor = new (args: object) => tf.layers.Layer;
const BaseBatchNorm = Object.getPrototypeOf(tf.layers.batchNormalization({})).constructor as LayerCtor;

interface BatchNormFields {
  beta: tf.LayerVariable;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
  momentum: number;
  epsilon: number;
}

/** tfjs' BatchNormalization, with the fused native kernels in training when available. */
export class NativeBatchNormalization extends BaseBatchNorm {
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor | tf.Tensor[] {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs.training || !nativeBackend()) return super.call(inputs, kwargs);
    const self = this as unknown as BatchNormFields;
    return tf.tidy(() => {
      const out = fusedBatchNormTraining(input, self.beta.read() as tf.Tensor1D, self.epsilon)!;
      const decay = 1 - self.momentum;
      for (const [v, batch] of [
        [self.movingMean, out.mean],
        [self.movingVariance, out.variance],
      ] as const) {
        const old = v.read();
        v.write(tf.sub(old, tf.mul(tf.sub(old, batch), decay)));
      }
      out.mean.dispose();
      out.variance.dispose();
      return out.y;
    });
  }
}
