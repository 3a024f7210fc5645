/**
 * Native TensorFlow kernels for the training hot spots that tfjs composes from many small ops
 * on the `tensorflow` backend: fused batch norm (forward and gradient), ReLU's gradient, and
 * oneDNN's max pooling (forward and gradient).
 * On every other backend nothing here changes tfjs' behaviour.
 */
import * as tf from "@tensorflow/tfjs";

interface NodeBackendLike {
  binding: Record<string, number> & { isUsingGpuDevice?: () => boolean };
  executeMultipleOutputs(
    name: string,
    attrs: { name: string; type: number; value: unknown }[],
    inputs: tf.Tensor[],
    n: number,
  ): tf.Tensor[];
}

export function nativeBackend(): NodeBackendLike | null {
  if (tf.getBackend() !== "tensorflow") return null;
  const b = tf.backend() as unknown as Partial<NodeBackendLike>;
  return typeof b.executeMultipleOutputs === "function" && b.binding ? (b as NodeBackendLike) : null;
}

function attrs(b: NodeBackendLike, epsilon: number, withAvgFactor: boolean) {
  const B = b.binding;
  return [
    { name: "T", type: B.TF_ATTR_TYPE, value: B.TF_FLOAT },
    { name: "U", type: B.TF_ATTR_TYPE, value: B.TF_FLOAT },
    { name: "epsilon", type: B.TF_ATTR_FLOAT, value: epsilon },
    ...(withAvgFactor ? [{ name: "exponential_avg_factor", type: B.TF_ATTR_FLOAT, value: 1 }] : []),
    { name: "data_format", type: B.TF_ATTR_STRING, value: "NHWC" },
    { name: "is_training", type: B.TF_ATTR_BOOL, value: true },
  ];
}

/**
 * Training-mode batch norm with γ = 1 over the last axis of a rank-2 or rank-4 tensor.
 * Returns the normalised output (differentiable in x and β) and the batch mean and variance.
 */
export function fusedBatchNormTraining(
  x: tf.Tensor,
  beta: tf.Tensor1D,
  epsilon: number,
): { y: tf.Tensor; mean: tf.Tensor1D; variance: tf.Tensor1D } | null {
  const b = nativeBackend();
  if (!b) return null;
  const shape = x.shape;
  const channels = shape[shape.length - 1];
  const x4 = x.rank === 4 ? (x as tf.Tensor4D) : x.reshape([-1, 1, 1, channels]);
  let mean: tf.Tensor1D | null = null;
  let variance: tf.Tensor1D | null = null;
  const forward = tf.customGrad(((xIn: tf.Tensor4D, betaIn: tf.Tensor1D, save: tf.GradSaveFunc) => {
    const scale = tf.ones([channels]);
    const empty = tf.tensor1d([]);
    const [y, bm, bv, r1, r2, r3] = b.executeMultipleOutputs(
      "FusedBatchNormV3",
      attrs(b, epsilon, true),
      [xIn, scale, betaIn, empty, empty],
      6,
    );
    // customGrad disposes what its forward function made besides value and saved tensors;
    // the batch statistics are kept here and disposed by the caller's tidy.
    mean = tf.keep(bm) as tf.Tensor1D;
    variance = tf.keep(bv) as tf.Tensor1D;
    save([xIn, scale, r1, r2, r3]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, sc, s1, s2, s3] = saved;
        const [dx, , dOffset] = b.executeMultipleOutputs(
          "FusedBatchNormGradV3",
          attrs(b, epsilon, false),
          [dy, xs, sc, s1, s2, s3],
          5,
        );
        return [dx, dOffset];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
  const y4 = forward(x4, beta);
  return { y: x.rank === 4 ? y4 : y4.reshape(shape), mean: mean!, variance: variance! };
}

/**
 * ReLU's gradient as TensorFlow's one ReluGrad kernel on the native backend; tfjs' own formula
 * (dy · step(x), five kernels on tfjs-node) elsewhere. Registered once, globally.
 */
let reluGradientRegistered = false;
export function registerNativeReluGradient(): void {
  if (reluGradientRegistered) return;
  reluGradientRegistered = true;
  tf.registerGradient({
    kernelName: "Relu",
    inputsToSave: ["x"],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [x] = saved;
      const g = dy as tf.Tensor;
      return {
        x: () => {
          const b = nativeBackend();
          if (!b) return tf.mul(g, tf.cast(tf.step(x), "float32"));
          const B = b.binding;
          return b.executeMultipleOutputs(
            "ReluGrad",
            [{ name: "T", type: B.TF_ATTR_TYPE, value: B.TF_FLOAT }],
            [g, x],
            1,
          )[0];
        },
      };
    },
  });
}

/**
 * Max pooling through oneDNN on the CPU (TensorFlow's `_MklNativeMaxPool`, selected by its
 * kernel label), keeping the workspace it writes so that the gradient (`_MklNativeMaxPoolGrad`)
 * is a scatter instead of a second pass over the input. TensorFlow runs MaxPool and MaxPoolGrad
 * through Eigen in eager mode (its oneDNN rewrite covers convs, matmuls and batch norm, not
 * pooling); graph-mode Keras gets the oneDNN kernels. Same output and, but for the order of
 * summing overlapping windows' gradients, the same gradient. Returns null where not available
 * (another backend, a GPU, a TensorFlow without oneDNN): the caller falls back to tf.maxPool.
 */
let mklPoolingAvailable: boolean | undefined;
export function maxPoolOneDnn(
  x: tf.Tensor4D,
  size: number,
  stride: number,
  padding: "valid" | "same",
): tf.Tensor4D | null {
  const b = nativeBackend();
  if (!b || mklPoolingAvailable === false || b.binding.isUsingGpuDevice?.()) return null;
  const B = b.binding;
  const poolAttrs = [
    { name: "T", type: B.TF_ATTR_TYPE, value: B.TF_FLOAT },
    { name: "ksize", type: B.TF_ATTR_INT, value: [1, size, size, 1] },
    { name: "strides", type: B.TF_ATTR_INT, value: [1, stride, stride, 1] },
    { name: "padding", type: B.TF_ATTR_STRING, value: padding.toUpperCase() },
    { name: "data_format", type: B.TF_ATTR_STRING, value: "NHWC" },
    { name: "workspace_enabled", type: B.TF_ATTR_BOOL, value: true },
    { name: "_kernel", type: B.TF_ATTR_STRING, value: "MklNameChangeOp" },
  ];
  if (mklPoolingAvailable === undefined) {
    try {
      tf.tidy(() => void b.executeMultipleOutputs("_MklNativeMaxPool", poolAttrs, [tf.zeros([1, size, size, 1])], 2));
      mklPoolingAvailable = true;
    } catch {
      mklPoolingAvailable = false;
      return null;
    }
  }
  const pool = tf.customGrad(((xIn: tf.Tensor4D, save: tf.GradSaveFunc) => {
    const [y, workspace] = b.executeMultipleOutputs("_MklNativeMaxPool", poolAttrs, [xIn], 2);
    save([xIn, y, workspace]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, [xs, ys, ws]: tf.Tensor[]) =>
        b.executeMultipleOutputs("_MklNativeMaxPoolGrad", poolAttrs, [xs, ys, dy, ws], 1)[0],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (a: tf.Tensor) => tf.Tensor4D;
  return pool(x);
}
